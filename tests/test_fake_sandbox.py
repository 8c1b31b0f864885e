"""What sits above the sandbox (Server, readiness, grade(), the suite plugin, scoring), tested with
the fake sandbox: the "server" is a Starlette app in the grader's own process, no container, no
child process. grade() runs its hidden suite under pytest in-process, which cannot nest inside this
test run's pytest, so those cases drive grade() from a small script in a fresh interpreter."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from grader import challenges
from grader.errors import NotReady
from grader.sandbox.fake import FakeSandbox
from grader.server import Server
from grader.submission import detect
from helpers import ROOT, SOLUTIONS

SUBMISSION = SOLUTIONS / "challenge-01" / "python"  # names the track; its code never runs


def app_saying(message: str) -> Starlette:
    async def home(request):
        return JSONResponse({"message": message})

    return Starlette(routes=[Route("/", home)])


def test_server_starts_waits_and_restarts_on_the_fake():
    challenge = challenges.get("challenge-01")
    sandbox = FakeSandbox(detect(SUBMISSION), app_saying("Hello World"))
    server = Server(sandbox, challenge)
    try:
        waited = server.start()
        assert waited >= 0 and httpx.get(server.base_url + "/").json() == {"message": "Hello World"}
        first_port = server.port
        server.restart({"GREETING": "hi"}, files={"notes.txt": "x"})
        assert sandbox.starts[-1]["GREETING"] == "hi" and sandbox.read_file("notes.txt") == b"x"
        assert httpx.get(server.base_url + "/").status_code == 200 and server.port != 0
        assert server.gone() is None
        sandbox.crash(3)
        assert server.gone() == "server exited with code 3", (first_port, server.gone())
    finally:
        sandbox.close()


def test_readiness_names_a_server_that_never_answers():
    challenge = challenges.get("challenge-01")
    challenge = dataclasses.replace(challenge, server=dataclasses.replace(challenge.server, startup_timeout=0.3))
    sandbox = FakeSandbox(detect(SUBMISSION), None, never_listen=True)
    server = Server(sandbox, challenge)
    try:
        with pytest.raises(NotReady, match=r"server did not answer within 0.3s: nothing answered on port \d+"):
            server.start()
    finally:
        sandbox.close()


DRIVER = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route
    from grader.run import GradeOptions, grade
    from grader.sandbox.fake import FakeSandbox

    mode = sys.argv[1]
    sandboxes = []

    async def home(request):
        if mode == "crash-after-first":
            sandboxes[0].crash(1)
        if mode == "text":
            return PlainTextResponse("Hello World")
        return JSONResponse({"message": "Hello World" if mode != "wrong-message" else "Hello"})

    app = Starlette(routes=[Route("/", home)])

    def factory(submission, challenge):
        sandboxes.append(FakeSandbox(submission, app))
        return sandboxes[-1]

    result = grade("challenge-01", Path(sys.argv[2]), GradeOptions(sandbox_factory=factory, seed=5))
    print(json.dumps(json.loads(result.to_json())))
''')


def grade_fake(mode: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", DRIVER, mode, str(SUBMISSION)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def statuses(result: dict) -> dict[str, str]:
    return {c["id"]: c["status"] for c in result["checks"]}


def test_grade_scores_a_correct_fake_server_100():
    r = grade_fake("correct")
    assert r["sandbox"] == "fake" and r["percent"] == 100.0, statuses(r)
    assert all(c["status"] == "pass" for c in r["checks"]) and len(r["checks"]) >= 3


def test_grade_fails_the_checks_about_the_message():
    r = grade_fake("wrong-message")
    s = statuses(r)
    assert s["test_root_answers_200"] == "pass" and s["test_root_message"] == "fail" and 0 < r["percent"] < 100, s
    check = next(c for c in r["checks"] if c["id"] == "test_root_message")
    assert "Hello World" in check["message"] and check["exchange"]["curl"].startswith("curl")


def test_grade_fails_the_json_checks_of_a_plain_text_answer():
    r = grade_fake("text")
    assert r["percent"] < 100 and any(s == "pass" for s in statuses(r).values()), statuses(r)


def test_grade_reports_a_crash_during_the_checks():
    r = grade_fake("crash-after-first")
    assert r["server"]["reason"] == "server exited with code 1 during the checks", r["server"]
    assert r["percent"] < 100
