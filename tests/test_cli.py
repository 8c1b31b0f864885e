"""The `grade` command's user-facing contract: exit codes, one-line errors with hints, the
catalogue commands, and precise verdicts for submissions that never become ready."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from helpers import ROOT, SOLUTIONS, owner, run_grade

BROKEN = ROOT / "tests" / "fixtures" / "broken"


def grade(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, "GRADER_OWNER": owner(), **(env or {})})


# --- usage and grader errors: exit 2, one line, a hint ------------------------------------------
def test_unknown_challenge_exits_2_with_hint(tmp_path):
    p = grade("challenge-99", str(SOLUTIONS / "challenge-01" / "node"))
    assert p.returncode == 2
    assert "error: no challenge 'challenge-99'" in p.stderr and "hint: `grade list`" in p.stderr


def test_malformed_challenge_id_exits_2():
    p = grade("hello", str(SOLUTIONS / "challenge-01" / "node"))
    assert p.returncode == 2 and "is not a challenge id" in p.stderr


def test_missing_folder_exits_2(tmp_path):
    p = grade("challenge-01", str(tmp_path / "nope"), "--sandbox", "local")
    assert p.returncode == 2 and "does not exist" in p.stderr


def test_empty_folder_exits_2_with_hint(tmp_path):
    p = grade("challenge-01", str(tmp_path), "--sandbox", "local")
    assert p.returncode == 2 and "is empty" in p.stderr and "grade init" in p.stderr


def test_undetectable_track_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    p = grade("challenge-01", str(tmp_path), "--sandbox", "local")
    assert p.returncode == 2 and "cannot tell the track" in p.stderr and "--lang" in p.stderr


def test_no_engine_with_sandbox_docker_exits_2():
    p = grade("challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "docker",
              env={"DOCKER_HOST": "unix:///nonexistent/docker.sock"})
    assert p.returncode == 2 and "no Docker engine answers" in p.stderr and "--sandbox local" in p.stderr


def test_auto_without_engine_falls_back_to_local_with_warning(tmp_path):
    g = run_grade(["challenge-01", str(SOLUTIONS / "challenge-01" / "python")], tmp_path,
                  env={"DOCKER_HOST": "unix:///nonexistent/docker.sock"})
    assert g.code == 0 and g.result["sandbox"] == "local" and g.result["isolated"] is False
    assert "NOT isolated" in g.stderr


def test_missing_image_exits_2_with_build_hint(docker_ready):
    p = grade("challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "docker",
              env={"GRADER_IMAGE": "live-grader-runtime:not-built"})
    assert p.returncode == 2 and "is not built" in p.stderr and "grade image build" in p.stderr


# --- submissions that never become ready: exit 1, a precise run-level reason ---------------------
@pytest.mark.parametrize("sandbox", ["local", pytest.param("docker", marks=pytest.mark.docker)])
@pytest.mark.parametrize("case,expected", [
    ("syntax-error-node", ["server exited with code 1 before it answered", "SyntaxError"]),
    ("syntax-error-python", ["server exited with code 1 before it answered", "SyntaxError"]),
    ("never-listens-node", ["did not answer within 3s", "nothing listens on port"]),
    ("wrong-port-python", ["did not answer within 10s", "listens on port 8081, not on PORT="]),
])
def test_server_that_never_answers(case, expected, sandbox, tmp_path, request):
    if sandbox == "docker":
        request.getfixturevalue("docker_ready")
    # 10 s where the diagnosis needs the server to be up (a loaded 2-core CI machine starts slowly)
    timeout = "3" if case.startswith("never") else "10"
    g = run_grade(["challenge-01", str(BROKEN / case), "--sandbox", sandbox, "--startup-timeout", timeout], tmp_path)
    assert g.code == 1, g.explain()
    reason = g.result["server"]["reason"]
    text = reason + "\n" + g.result["server"]["log_tail"]
    for fragment in expected:
        assert fragment in text, f"{fragment!r} not in the verdict:\n{text}"
    checks = g.result["checks"]
    assert checks and all(c["status"] == "error" and c["points"] == 0 for c in checks)
    assert all(c["message"].startswith("not run: the server did not start") for c in checks)
    assert g.percent == 0.0 and g.result["max_score"] > 0
    assert reason in g.stdout  # the terminal report shows it too


def test_loopback_only_server_gets_a_fix_it_message(tmp_path, docker_ready):
    g = run_grade(["challenge-01", str(BROKEN / "loopback-only-node"), "--sandbox", "docker",
                   "--startup-timeout", "10"], tmp_path)
    assert g.code == 1
    reason = g.result["server"]["reason"]
    assert "listens on 127.0.0.1:3000 only" in reason and "0.0.0.0" in reason, reason


# --- the JSON result -------------------------------------------------------------------------
def test_json_result_has_the_documented_fields(tmp_path):
    g = run_grade(["challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "local", "--seed", "42"], tmp_path)
    r = g.result
    assert r["version"] == 1 and r["seed"] == 42 and r["challenge"] == "challenge-01"
    for key in ("track", "sandbox", "score", "max_score", "percent", "started_at", "finished_at", "checks", "server", "timings"):
        assert key in r, key
    assert r["server"]["log_tail"], "the server's log tail is included"
    for c in r["checks"]:
        assert set(c) >= {"id", "name", "status", "points", "max_points", "message", "duration", "visibility"}
        assert c["visibility"] in ("public", "hidden")


def test_public_only_runs_only_public_checks(tmp_path):
    full = run_grade(["challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "local"], tmp_path / "a")
    pub = run_grade(["challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "local", "--public-only"], tmp_path / "b")
    assert pub.code == 0 and pub.result["public_only"] is True
    assert {c["visibility"] for c in pub.result["checks"]} == {"public"}
    assert 0 < len(pub.result["checks"]) < len(full.result["checks"])


def test_failed_check_shows_request_and_response(tmp_path):
    g = run_grade(["challenge-01", str(ROOT / "challenges" / "challenge-01" / "starter" / "node"), "--sandbox", "local"], tmp_path)
    failed = [c for c in g.result["checks"] if c["status"] == "fail"]
    assert failed
    ex = failed[0]["exchange"]
    assert ex["curl"].startswith("curl -i -X GET http://127.0.0.1:") and ex["status"] == 404
    assert "request:  curl -i -X GET" in g.stdout and "response: 404" in g.stdout


def test_same_seed_same_data(tmp_path):
    """The seed reproduces the randomised requests exactly."""
    args = ["challenge-02", str(ROOT / "challenges" / "challenge-02" / "starter" / "node"), "--sandbox", "local", "--seed", "7"]
    a, b = run_grade(args, tmp_path / "a"), run_grade(args, tmp_path / "b")
    curls = lambda g: [c["exchange"]["curl"].split(":", 2)[-1].split("/", 1)[-1] for c in g.result["checks"] if c.get("exchange")]
    assert curls(a) and curls(a) == curls(b)


# --- catalogue commands ------------------------------------------------------------------------
def test_list_shows_catalogue():
    p = grade("list", "--json")
    items = json.loads(p.stdout)
    assert p.returncode == 0 and items[0]["id"] == "challenge-01"
    assert set(items[0]) >= {"id", "title", "tier", "minutes", "tags", "tracks"}
    assert all(set(i["tracks"]) == {"node", "python"} for i in items)
    assert "challenge-01" in grade("list").stdout


def test_show_prints_spec():
    p = grade("show", "1")
    assert p.returncode == 0 and "Hello World" in p.stdout


def test_init_copies_starter_and_refuses_non_empty(tmp_path):
    target = tmp_path / "mine"
    p = grade("init", "challenge-01", str(target), "--lang", "python")
    assert p.returncode == 0 and (target / "app.py").is_file() and (target / "CHALLENGE.md").is_file()
    again = grade("init", "challenge-01", str(target), "--lang", "python")
    assert again.returncode == 2 and "not empty" in again.stderr


# --- interruption: Ctrl-C and SIGTERM clean up ------------------------------------------------
def start_hanging_grading(tag: str):
    """A real `grade` process whose server never listens (60 s startup timeout), started in the
    background; returns it, the docker client and the label filter of its containers, once its
    container exists."""
    from grader.sandbox.docker import LABEL, client

    proc = subprocess.Popen(
        [sys.executable, "-m", "grader", "challenge-01", str(BROKEN / "never-listens-node"), "--sandbox", "docker",
         "--startup-timeout", "60"], cwd=ROOT, env={**os.environ, "GRADER_OWNER": tag},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    c = client()
    flt = {"label": f"{LABEL}.owner={tag}"}
    deadline = time.monotonic() + 30
    while not c.containers.list(filters=flt) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert c.containers.list(filters=flt), "the grading never started its container"
    return proc, c, flt


def communicate_or_dump(proc, timeout: float) -> tuple[str, str]:
    """communicate(); on a timeout, fail with every thread's stack (the grader dumps them on SIGUSR1)."""
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)
        time.sleep(1)
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"the grading did not exit within {timeout}s of the signal\nstdout: {out}\nstderr: {err}")


def test_remove_own_removes_this_process_containers_only(docker_ready, tmp_path):
    """The watchdog's last resort removes what this process created, by its pid label."""
    from grader.sandbox.docker import LABEL, client, labels, remove_own
    from grader.sandbox import image

    c = client()
    mine = c.containers.create(image.require(c), ["sleep", "60"], labels={**labels("watchdog"), f"{LABEL}.owner": owner()})
    other = c.containers.create(image.require(c), ["sleep", "60"],
                                labels={**labels("watchdog"), f"{LABEL}.pid": "1", f"{LABEL}.owner": owner()})
    try:
        assert remove_own() == 1
        ids = {row["Id"] for row in c.api.containers(all=True, filters={"label": f"{LABEL}.run=watchdog"})}
        assert mine.id not in ids and other.id in ids
    finally:
        for ctr in (mine, other):
            try:
                ctr.remove(force=True)
            except Exception:  # noqa: BLE001 - already removed
                pass


@pytest.mark.parametrize("sigs", [[signal.SIGINT], [signal.SIGTERM], [signal.SIGINT, signal.SIGTERM, signal.SIGINT]],
                         ids=["sigint", "sigterm", "repeated"])
def test_signal_mid_run_cleans_up(sigs, docker_ready):
    """A repeated signal (Ctrl-C pressed twice) must not cut the clean-up short."""
    proc, c, flt = start_hanging_grading(owner() + "-sig" + "-".join(str(int(s)) for s in sigs))
    for sig in sigs:
        proc.send_signal(sig)
        time.sleep(0.02)
    out, err = communicate_or_dump(proc, 45)  # the grader's own watchdog acts after 15 s
    assert proc.returncode == 130 and "interrupted" in err, (proc.returncode, out, err)
    assert not c.containers.list(all=True, filters=flt) and not c.networks.list(filters=flt)


def test_cleanup_removes_leftovers_of_a_killed_grader(docker_ready):
    proc, c, flt = start_hanging_grading(owner() + "-kill9")
    proc.kill()
    proc.communicate()
    assert c.containers.list(all=True, filters=flt), "SIGKILL leaves the container behind (nothing can run)"
    p = grade("cleanup")
    assert p.returncode == 0 and "removed" in p.stdout
    assert not c.containers.list(all=True, filters=flt) and not c.networks.list(filters=flt)


def test_cleanup_leaves_running_gradings_alone(docker_ready):
    proc, c, flt = start_hanging_grading(owner() + "-alive")
    try:
        assert grade("cleanup").returncode == 0
        assert c.containers.list(filters=flt), "cleanup removed a grading that is still running"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert not c.containers.list(all=True, filters=flt)


def test_readme_catalogue_matches_the_challenges():
    """The README's catalogue is `grade list --markdown` (regenerate: scripts/update-catalogue.py)."""
    table = grade("list", "--markdown").stdout.strip()
    readme = (ROOT / "README.md").read_text()
    assert table in readme, "README catalogue is stale: run scripts/update-catalogue.py"
