"""`grade batch --shard K/N` and `grade merge`: three shards graded in separate processes and
merged give the rows of one unsharded batch with the same seed; merges that would mix batches or
hide a gap are refused."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import shard as shard_mod
from helpers import CHALLENGES, ROOT, SOLUTIONS, apply_mutant, load_mutants, owner

BROKEN = ROOT / "tests" / "fixtures" / "broken"
SEED = 4242
FIXED = [2, 0, 2, 1, 4, 4]  # sha256(name)[:8] big-endian mod 5, fixed for ever
COMPARED = ("name", "track", "score", "max_score", "percent", "status", "message")  # durations aside


def grade(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "GRADER_OWNER": owner()})


def twelve_submissions(dest: Path) -> Path:
    """Passing (both references), failing (mutants, starters), broken (a syntax error each track,
    an empty folder): every row status a batch has."""
    shutil.copytree(SOLUTIONS / "challenge-01" / "node", dest / "ada-node")
    shutil.copytree(SOLUTIONS / "challenge-01" / "python", dest / "bo-python")
    for m in load_mutants("challenge-01")[:3] + load_mutants("challenge-01")[5:7]:  # 3 node, 2 python
        apply_mutant("challenge-01", m, dest / f"mut-{m['track']}-{m['id']}")
    for track in ("node", "python"):
        shutil.copytree(CHALLENGES / "challenge-01" / "starter" / track, dest / f"starter-{track}")
    shutil.copytree(BROKEN / "syntax-error-node", dest / "syntax-node")
    shutil.copytree(BROKEN / "syntax-error-python", dest / "syntax-python")
    (dest / "zed-empty").mkdir()
    assert len(list(dest.iterdir())) == 12
    return dest


def rows_of(out: Path) -> dict[str, dict]:
    rows = {r["name"]: {k: r[k] for k in COMPARED} for r in json.loads((out / "batch.json").read_text())["rows"]}
    for row in rows.values():  # a server's port is picked free per grading: the one part of a message that varies
        row["message"] = re.sub(r"on port \d+", "on port N", row["message"])
    return rows


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One unsharded batch and three shards of the same folder, all four at once, each its own process."""
    tmp = tmp_path_factory.mktemp("shards")
    subs = twelve_submissions(tmp / "subs")
    common = ["batch", "challenge-01", str(subs), "--sandbox", "local", "--seed", str(SEED)]
    procs = {"whole": subprocess.Popen([sys.executable, "-m", "grader", *common, "--out", str(tmp / "whole")],
                                       cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       env={**os.environ, "GRADER_OWNER": owner()})}
    for k in range(3):
        procs[k] = subprocess.Popen([sys.executable, "-m", "grader", *common, "--shard", f"{k}/3", "--out", str(tmp / f"s{k}")],
                                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env={**os.environ, "GRADER_OWNER": owner()})
    done = {key: (p.wait(timeout=240), *p.communicate()) for key, p in procs.items()}
    return tmp, subs, done


def test_three_shards_merged_equal_one_unsharded_batch(graded):
    tmp, subs, done = graded
    for key, (code, out, err) in done.items():
        rows = rows_of(tmp / ("whole" if key == "whole" else f"s{key}")).values()
        assert code == (0 if all(r["status"] == "passed" for r in rows) else 1), (key, out, err)
    whole = rows_of(tmp / "whole")
    assert {r["status"] for r in whole.values()} == {"passed", "failed", "not-started", "error"}, whole
    owned = []
    for k in range(3):
        info = json.loads((tmp / f"s{k}" / "batch.json").read_text())
        assert (info["challenge"], info["seed"], info["shard"]["index"], info["shard"]["count"]) == ("challenge-01", SEED, k, 3)
        assert info["grader_version"] and info["challenge_digest"] and info["shard"]["listed"] == 12
        assert info["shard"]["owned"] == sorted(r["name"] for r in info["rows"])
        assert info["shard"]["owned"] == sorted(n for n in whole if shard_mod.shard_of(n, 3) == k)
        assert info["shard"]["owned"], f"shard {k}/3 owns none of the 12: the test would not exercise it"
        owned += info["shard"]["owned"]
    assert sorted(owned) == sorted(whole), "every submission in exactly one shard"

    proc = grade("merge", str(tmp / "s2"), str(tmp / "s0"), str(tmp / "s1"), "--out", str(tmp / "merged"))
    assert proc.returncode == 1, proc.stdout + proc.stderr  # not every submission passed
    assert rows_of(tmp / "merged") == whole
    merged = json.loads((tmp / "merged" / "batch.json").read_text())
    single = json.loads((tmp / "whole" / "batch.json").read_text())
    assert set(merged) == set(single) | {"shards"} and merged["shards"] == 3
    assert {k: merged[k] for k in single if k != "rows"} == {k: single[k] for k in single if k != "rows"}
    with (tmp / "merged" / "batch.csv").open() as fh, (tmp / "whole" / "batch.csv").open() as gh:
        header_m, header_w = next(csv.reader(fh)), next(csv.reader(gh))
        assert header_m == header_w and [r[0] for r in csv.reader(fh)] == sorted(whole)
    index = (tmp / "merged" / "index.html").read_text()
    for name, row in whole.items():
        if row["status"] in ("passed", "failed", "not-started"):
            run = json.loads((tmp / "merged" / "runs" / f"{name}.json").read_text())
            assert run["seed"] == SEED and run["percent"] == row["percent"]
            assert f'href="runs/{name}.html"' in index and (tmp / "merged" / "runs" / f"{name}.html").is_file()


def test_merge_reports_a_missing_shard_and_writes_only_when_allowed(graded):
    tmp, _, _ = graded
    proc = grade("merge", str(tmp / "s0"), str(tmp / "s2"), "--out", str(tmp / "partial"))
    assert proc.returncode == 2 and "shard 1/3 missing" in proc.stderr and "nothing written" in proc.stderr, proc.stderr
    assert not (tmp / "partial").exists()
    proc = grade("merge", str(tmp / "s0"), str(tmp / "s2"), "--out", str(tmp / "partial"), "--allow-missing")
    assert proc.returncode == 1 and "warning: shard 1/3 missing" in proc.stderr, proc.stdout + proc.stderr
    data = json.loads((tmp / "partial" / "batch.json").read_text())
    assert data["incomplete"] == {"missing_shards": ["1/3"], "missing_submissions": []}
    assert len(data["rows"]) == 12 - len(json.loads((tmp / "s1" / "batch.json").read_text())["rows"])


def _altered(tmp: Path, name: str, change) -> Path:
    dest = tmp / name
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(tmp / "s1", dest)
    data = json.loads((dest / "batch.json").read_text())
    change(data)
    (dest / "batch.json").write_text(json.dumps(data))
    return dest


@pytest.mark.parametrize("what, change, said", [
    ("seed", lambda d: d.update(seed=SEED + 1), "different seeds (0/3, 2/3: 4242; 1/3: 4243)"),
    ("challenge", lambda d: d.update(challenge="challenge-02"), "different challenges"),
    ("grader", lambda d: d.update(grader_version="9.9.9"), "different grader versions"),
    ("suite", lambda d: d.update(challenge_digest="0" * 16), "different challenge folders (digest)"),
    ("checks", lambda d: d.update(checks="public"), "different checks (all or public)"),
    ("count", lambda d: d["shard"].update(count=4), "different shard counts (N)"),
    ("listing", lambda d: d["shard"].update(listed=13), "different listings"),
])
def test_merge_refuses_shards_of_different_batches(graded, what, change, said):
    tmp, _, _ = graded
    odd = _altered(tmp, f"odd-{what}", change)
    proc = grade("merge", str(tmp / "s0"), str(odd), str(tmp / "s2"), "--out", str(tmp / f"m-{what}"))
    assert proc.returncode == 2 and said in proc.stderr and "not parts of one batch" in proc.stderr, proc.stderr
    assert not (tmp / f"m-{what}").exists()


def test_merge_refuses_duplicates_and_reports_missing_submissions(graded):
    tmp, _, _ = graded
    proc = grade("merge", str(tmp / "s0"), str(tmp / "s1"), str(tmp / "s1"), str(tmp / "s2"), "--out", str(tmp / "m"))
    assert proc.returncode == 2 and "shard 1/3 given twice" in proc.stderr, proc.stderr
    s0_rows = json.loads((tmp / "s0" / "batch.json").read_text())["rows"]
    dup = _altered(tmp, "dup", lambda d: d["rows"].append(s0_rows[0]))
    proc = grade("merge", str(tmp / "s0"), str(dup), str(tmp / "s2"), "--out", str(tmp / "m"))
    assert proc.returncode == 2 and f"submission '{s0_rows[0]['name']}' was graded by shards 0/3 and 1/3" in proc.stderr
    cut = _altered(tmp, "cut", lambda d: d.update(rows=d["rows"][1:]))
    lost = json.loads((tmp / "s1" / "batch.json").read_text())["rows"][0]["name"]
    proc = grade("merge", str(tmp / "s0"), str(cut), str(tmp / "s2"), "--out", str(tmp / "m"))
    assert proc.returncode == 2 and f"submission '{lost}' has no row" in proc.stderr, proc.stderr
    proc = grade("merge", str(tmp / "whole"), "--out", str(tmp / "m"))
    assert proc.returncode == 2 and "records no shard" in proc.stderr
    proc = grade("merge", str(tmp / "nothing-here"), "--out", str(tmp / "m"))
    assert proc.returncode == 2 and "is not a batch output" in proc.stderr
    assert not (tmp / "m").exists()


def test_shard_split_is_stable_and_spec_is_checked(tmp_path):
    names = [f"cand-{i}" for i in range(200)]
    parts = [[n for n in names if shard_mod.Shard(k, 4).owns(n)] for k in range(4)]
    assert sorted(sum(parts, [])) == sorted(names) and all(25 <= len(p) <= 75 for p in parts), [len(p) for p in parts]
    # a fixed value: the split must never change between versions or machines (shards of one batch
    # graded by two grader builds are refused anyway, but a re-run of one shard must own the same)
    assert [shard_mod.shard_of(n, 5) for n in ("alice", "bob", "carol", "dave", "eve", "frank")] == FIXED
    subs = [tmp_path / n for n in names]
    assert shard_mod.Shard(1, 4).select(subs[::-1]) == shard_mod.Shard(1, 4).select(subs)[::-1]
    for bad in ("3/3", "1", "a/b", "-1/2", "0/0"):
        proc = grade("batch", "challenge-01", str(tmp_path), "--shard", bad, "--seed", "1", timeout=60)
        assert proc.returncode == 2 and "--shard" in proc.stderr, (bad, proc.stderr)
    (tmp_path / "one").mkdir()
    proc = grade("batch", "challenge-01", str(tmp_path), "--shard", "0/2", timeout=60)
    assert proc.returncode == 2 and "--shard needs --seed" in proc.stderr
