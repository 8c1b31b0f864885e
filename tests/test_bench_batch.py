"""The benchmark script cannot rot (quick mode, no timing asserted) and `grade batch` grades a
folder of submissions with one row per submission."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys

import pytest

from helpers import CHALLENGES, ROOT, SOLUTIONS, owner


@pytest.mark.docker
def test_benchmark_quick_mode_prints_every_figure(docker_ready):
    proc = subprocess.run([sys.executable, "bench/grading.py", "--quick", "--challenge", "challenge-01"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for label in ("1. floor", "2. grade", "3. grade / floor", "4. batch", "5. linear growth"):
        assert label in out, f"{label!r} missing:\n{out}"
    assert re.search(r"docker\s+\d+\.\d{3} s =", out) and re.search(r"local\s+\d+\.\d{3} s =", out), out
    assert re.search(r"speed-up \d+\.\d\dx", out) and re.search(r"per concurrent job -?\d+ MB", out), out


def test_batch_grades_every_folder_and_writes_rows(tmp_path):
    subs = tmp_path / "subs"
    shutil.copytree(SOLUTIONS / "challenge-01" / "node", subs / "alice")
    shutil.copytree(CHALLENGES / "challenge-01" / "starter" / "python", subs / "bob")
    (subs / "carol").mkdir()  # empty: a per-submission error, not a batch failure
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", "challenge-01", str(subs), "--jobs", "2",
                           "--sandbox", "local", "--out", str(out), "--seed", "3"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "GRADER_OWNER": owner()})
    assert proc.returncode == 1, proc.stdout + proc.stderr  # not every submission passed
    rows = {r["name"]: r for r in json.loads((out / "batch.json").read_text())["rows"]}
    assert rows["alice"]["status"] == "passed" and rows["alice"]["percent"] == 100.0 and rows["alice"]["track"] == "node"
    assert rows["bob"]["status"] == "failed" and rows["bob"]["percent"] == 0.0 and rows["bob"]["track"] == "python"
    assert rows["carol"]["status"] == "error" and "is empty" in rows["carol"]["message"]
    run = json.loads((out / rows["alice"]["result"]).read_text())
    assert run["seed"] == 3 and run["challenge"] == "challenge-01"
    with (out / "batch.csv").open() as fh:
        assert [r["name"] for r in csv.DictReader(fh)] == ["alice", "bob", "carol"]
    assert "alice" in proc.stdout and "passed" in proc.stdout
    index = (out / "index.html").read_text()
    assert 'href="runs/alice.html"' in index and (out / "runs" / "alice.html").is_file()


def test_batch_of_a_missing_folder_is_a_usage_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", "challenge-01", str(tmp_path / "none")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "is not a folder of submissions" in proc.stderr


BROKEN = ROOT / "tests" / "fixtures" / "broken"


def _owned_containers(tag: str) -> list[str]:
    """Names of the containers a grading with this owner tag made (the low-level list: the
    high-level one inspects each container and fails on one removed meanwhile)."""
    from grader.sandbox.engine import LABEL, client

    return [c["Names"][0] for c in client().api.containers(all=True, filters={"label": f"{LABEL}.owner={tag}"})]


@pytest.mark.docker
def test_batch_stops_a_grading_over_its_timeout_and_removes_its_sandbox(tmp_path, docker_ready):
    """A grading that outlives --timeout is stopped (its container removed) and its row says why;
    the other submissions are graded as usual."""
    subs = tmp_path / "subs"
    shutil.copytree(SOLUTIONS / "challenge-01" / "node", subs / "good")
    shutil.copytree(BROKEN / "never-listens-node", subs / "silent")  # 15 s startup timeout > --timeout
    tag = owner() + "-batch-timeout"
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", "challenge-01", str(subs), "--jobs", "2",
                           "--sandbox", "docker", "--out", str(tmp_path / "out"), "--timeout", "5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "GRADER_OWNER": tag})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    rows = {r["name"]: r for r in json.loads((tmp_path / "out" / "batch.json").read_text())["rows"]}
    assert rows["good"]["status"] == "passed" and rows["good"]["percent"] == 100.0
    assert rows["silent"]["status"] == "error"
    assert rows["silent"]["message"] == "the grading did not finish within 5s"
    assert 5 <= rows["silent"]["duration"] < 25
    assert not _owned_containers(tag)


@pytest.mark.docker
@pytest.mark.parametrize("how", ["ctrl-c to the process group", "sigterm to the batch"])
def test_interrupted_batch_stops_its_gradings_and_removes_their_sandboxes(how, tmp_path, docker_ready):
    import os
    import signal
    import time

    subs = tmp_path / "subs"
    for name in ("a", "b", "c"):
        shutil.copytree(BROKEN / "never-listens-node", subs / name)
    tag = owner() + f"-batch-{how.split()[0]}"
    proc = subprocess.Popen([sys.executable, "-m", "grader", "batch", "challenge-01", str(subs), "--jobs", "2",
                             "--sandbox", "docker", "--out", str(tmp_path / "out")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "GRADER_OWNER": tag})
    deadline = time.monotonic() + 60
    while len(_owned_containers(tag)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(_owned_containers(tag)) == 2, "the batch never started two gradings"
    if how.startswith("ctrl-c"):
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    else:
        proc.send_signal(signal.SIGTERM)  # the batch alone: it must stop its gradings itself
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err, (proc.returncode, out, err)
    assert not _owned_containers(tag)
