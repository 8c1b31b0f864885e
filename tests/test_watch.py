"""`grade watch`: driven as a real subprocess on a copy of challenge-13's starter.

Every wait is for an event (a line of output, a text on the page) with a generous deadline: on a
loaded 2-core machine a run can take seconds; no fixed sleep decides a verdict.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import CHALLENGES, ROOT, SOLUTIONS, local_leftovers, owner

STARTER = CHALLENGES / "challenge-13" / "starter" / "node"
REFERENCE = SOLUTIONS / "challenge-13" / "node"
ARTIFACTS = ROOT / "artifacts"
RUN_DEADLINE = 120.0  # seconds one run may take to be reported (a cold start on a loaded machine)


class WatchProcess:
    """`grade watch` in the background; its output lines are read on a thread."""

    def __init__(self, tmp_path: Path, *args: str, tag: str) -> None:
        self.tag = tag
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grader", "watch", "challenge-13", *args],
            cwd=ROOT, env={**os.environ, "GRADER_OWNER": tag}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, bufsize=1,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._seen = 0

    def _read(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.append(line.rstrip("\n"))
        self.lines.append("<<exit>>")

    def wait_for(self, pattern: str, timeout: float = RUN_DEADLINE) -> re.Match[str]:
        """The first line matching `pattern` after the last one waited for."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while self._seen < len(self.lines):
                line = self.lines[self._seen]
                self._seen += 1
                if m := rx.search(line):
                    return m
                if line == "<<exit>>":
                    pytest.fail(f"grade watch exited ({self.proc.poll()}) before /{pattern}/:\n{self.output()}")
            time.sleep(0.02)
        pytest.fail(f"no line matching /{pattern}/ within {timeout:g}s:\n{self.output()}")

    def output(self) -> str:
        return "\n".join(self.lines[-80:])

    def interrupt(self, sig: int = signal.SIGINT, timeout: float = 60) -> int:
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail(f"grade watch did not exit within {timeout}s of the signal:\n{self.output()}")
        self._reader.join(10)
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.interrupt(signal.SIGTERM)


def save(dest: Path, text: str) -> None:
    """Write a file as an editor does: a new file renamed over the old one."""
    tmp = dest.with_name(f".{dest.name}.tmp~")
    tmp.write_text(text)
    tmp.replace(dest)


def starter_copy(tmp_path: Path) -> Path:
    sub = tmp_path / "solution"
    shutil.copytree(STARTER, sub)
    return sub


def own_containers(tag: str):
    from grader.sandbox.docker import LABEL, client

    c = client()
    flt = {"label": f"{LABEL}.owner={tag}"}
    return c.containers.list(all=True, filters=flt), c.networks.list(filters=flt)


# --- the loop, in Docker ------------------------------------------------------------------------
def test_watch_in_docker_keeps_its_container_and_survives_a_syntax_error(docker_ready, tmp_path):
    tag = owner() + "-watchd"
    sub = starter_copy(tmp_path)
    session = tmp_path / "session.json"
    w = WatchProcess(tmp_path, str(sub), "--sandbox", "docker", "--json", str(session), tag=tag)
    try:
        w.wait_for(r"^run 1 ")
        w.wait_for(r"score 0/6 \(0%\)")
        w.wait_for(r"watching for changes")
        (first,), _ = own_containers(tag)
        # what editors and tools write beside the code is not a reason to re-grade (nor synced)
        (sub / ".server.js.swp").write_text("vim swap")
        (sub / "4913").write_text("")
        (sub / "node_modules").mkdir()
        (sub / "node_modules" / "x.js").write_text("module.exports = 1")
        save(sub / "server.js", (REFERENCE / "server.js").read_text())
        m = w.wait_for(r"^run 2 .*changed")
        assert "server.js" in m.group(0) and "swp" not in m.group(0) and "4913" not in m.group(0), m.group(0)
        w.wait_for(r"score 6/6 \(100%\)")
        (now,), _ = own_containers(tag)
        assert now.id == first.id, "the restart must keep the container"

        save(sub / "server.js", (REFERENCE / "server.js").read_text() + "\n}}} oops(\n")
        w.wait_for(r"^run 3 ")
        crash = w.wait_for(r"server did not start")
        assert "SyntaxError" in crash.string and "server.js:" in crash.string, crash.string

        save(sub / "server.js", (REFERENCE / "server.js").read_text())
        w.wait_for(r"^run 4 ")
        w.wait_for(r"score 6/6 \(100%\)")
        assert w.interrupt(signal.SIGINT) == 130
    finally:
        w.kill()
    containers, networks = own_containers(tag)
    assert not containers and not networks, (containers, networks)
    data = json.loads(session.read_text())
    assert data["challenge"] == "challenge-13" and data["budget_s"] == 25 * 60 and data["public_only"]
    assert [r["percent"] for r in data["runs"]] == [0, 100, 0, 100]
    assert data["runs"][1]["trigger"] == ["server.js"] and data["runs"][2]["server_reason"]
    run2 = data["runs"][1]["at_s"]
    assert data["checks"] and all(c["first_passed_at_s"] == run2 for c in data["checks"]), data["checks"]
    assert all(c["visibility"] == "public" for c in data["checks"])


# --- the loop, locally; SIGTERM leaves no process -------------------------------------------------
def test_watch_locally_and_sigterm_leaves_no_process(tmp_path):
    tag = owner() + "-watchl"
    sub = starter_copy(tmp_path)
    w = WatchProcess(tmp_path, str(sub), "--sandbox", "local", tag=tag)
    try:
        w.wait_for(r"score 0/6 \(0%\)")
        w.wait_for(r"watching for changes")
        assert local_leftovers(tag), "the local server should be running during the session"
        save(sub / "server.js", (REFERENCE / "server.js").read_text())
        w.wait_for(r"score 6/6 \(100%\)")
        save(sub / "server.js", "const x = ;\n")
        crash = w.wait_for(r"server did not start")
        assert "SyntaxError" in crash.string, crash.string
        (sub / "server.js").unlink()  # a deleted file is deleted in the sandbox too
        w.wait_for(r"server did not start")
        save(sub / "server.js", (REFERENCE / "server.js").read_text())
        w.wait_for(r"score 6/6 \(100%\)")
        assert w.interrupt(signal.SIGTERM) == 130
    finally:
        w.kill()
    assert not local_leftovers(tag)


def test_live_page_refuses_a_non_loopback_address(tmp_path):
    sub = starter_copy(tmp_path)
    p = subprocess.run([sys.executable, "-m", "grader", "watch", "challenge-13", str(sub), "--serve", "0.0.0.0:8765"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "non-loopback" in p.stderr and "--host" in p.stderr, p.stderr


# --- the live page in headless Chromium ----------------------------------------------------------
class Browser:
    """Headless Chromium driven over the DevTools protocol: the page stays open, so what the test
    reads is what the page did by itself (server-sent events), not a reload."""

    def __init__(self, tmp_path: Path) -> None:
        exe = shutil.which("chromium")
        assert exe, "chromium is not installed: scripts/setup.sh installs it (Debian package chromium)"
        self.profile = tmp_path / "chromium-profile"
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", "--window-size=1280,1400", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert port_file.exists(), "chromium did not open its DevTools port"
        port = int(port_file.read_text().split()[0])
        import httpx
        from websockets.sync.client import connect

        targets = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=30).json()
        page = next(t for t in targets if t["type"] == "page")
        self._connection = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=30)
        self.ws = self._connection.__enter__()
        self._id = 0

    def call(self, method: str, **params):
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=60))
            if msg.get("id") == self._id:
                assert "error" not in msg, msg
                return msg["result"]

    def js(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait_text(self, element_id: str, pattern: str, timeout: float = RUN_DEADLINE) -> str:
        deadline = time.monotonic() + timeout
        text = None
        while time.monotonic() < deadline:
            text = self.js(f"(document.getElementById({element_id!r}) || {{}}).textContent || ''")
            if re.search(pattern, text or ""):
                return text
            time.sleep(0.1)
        pytest.fail(f"#{element_id} never matched /{pattern}/ (last: {text!r})")

    def close(self) -> None:
        try:
            self._connection.__exit__(None, None, None)
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def test_live_page_shows_the_score_and_updates_itself(tmp_path):
    from grader.sandbox.base import free_port

    tag = owner() + "-watchp"
    sub = starter_copy(tmp_path)
    port = free_port()
    w = WatchProcess(tmp_path, str(sub), "--sandbox", "local", "--serve", str(port), tag=tag)
    browser = None
    try:
        url = w.wait_for(r"live page: (http://127\.0\.0\.1:\d+/)").group(1)
        assert url.endswith(f":{port}/")
        w.wait_for(r"watching for changes")
        browser = Browser(tmp_path)
        browser.call("Page.enable")
        browser.call("Page.navigate", url=url)
        browser.wait_text("score", r"^0/6 \(0%\)$")
        assert browser.wait_text("connection", "live")
        assert re.search(r"of 25:00", browser.wait_text("budget", "25:00"))
        # the starter's 404 page is the candidate's HTML: shown as text, never as markup
        failure = browser.wait_text("failure", "Cannot POST /todos")
        assert "<pre>Cannot POST /todos</pre>" in failure and browser.js("document.getElementById('failure').children.length") == 0
        loaded = browser.js("performance.timeOrigin")

        save(sub / "server.js", (REFERENCE / "server.js").read_text())
        browser.wait_text("score", r"^6/6 \(100%\)$")
        assert browser.js("performance.timeOrigin") == loaded, "the page must update by itself, not reload"
        runs = browser.wait_text("runs", r"#2")
        assert "server.js" in runs and "#1" in runs
        first_passed = browser.js("[...document.querySelectorAll('#checks tbody tr td:last-child')].map(t => t.textContent)")
        assert first_passed and all(re.fullmatch(r"\d\d:\d\d", t) for t in first_passed), first_passed
        assert browser.js("document.getElementById('failure-box').hidden") is True
        ARTIFACTS.mkdir(exist_ok=True)
        png = ARTIFACTS / "watch-page.png"
        png.write_bytes(base64.b64decode(browser.call("Page.captureScreenshot", format="png")["data"]))
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
        # the page's server sends a strict policy: no inline script could run even if text were markup
        import httpx

        r = httpx.get(url, timeout=30)
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert httpx.get(url, headers={"host": "evil.example"}, timeout=30).status_code == 400
        assert w.interrupt(signal.SIGINT) == 130
    finally:
        if browser is not None:
            browser.close()
        w.kill()
    assert not local_leftovers(tag)


# --- the parts, in-process -----------------------------------------------------------------------
def test_editor_files_are_ignored_and_links_never_followed(tmp_path):
    from grader.watch.loop import collect, ignored

    for name in (".server.js.swp", "server.js~", ".#server.js", "4913", "node_modules/a/b.js", "__pycache__/x.pyc",
                 ".git/index"):
        assert ignored(name), name
    for name in ("server.js", "src/routes.js", "app.py", "package.json"):
        assert not ignored(name), name
    (tmp_path / "server.js").write_text("ok")
    (tmp_path / "secret").symlink_to("/etc/hostname")
    changes = collect(tmp_path, [str(tmp_path / "server.js"), str(tmp_path / "secret"), str(tmp_path / "gone.js"),
                                 str(tmp_path / "package.json")])
    assert changes.files == {"server.js": b"ok"} and changes.removed == ["gone.js", "package.json"]
    assert any("symlink" in n for n in changes.notes) and any("dependencies" in n for n in changes.notes)


def test_crash_line_names_the_error_and_where():
    from grader.watch.compact import crash_line

    node = ("/work/server.js:95\n}}} oops(\n^\n\nSyntaxError: Unexpected token '}'\n    at wrapSafe (node:internal)\n"
            "\nNode.js v22.23.3\n")
    assert crash_line(node) == "server.js:95: SyntaxError: Unexpected token '}'"
    py = ('Traceback (most recent call last):\n  File "/tmp/x/work/app.py", line 3\n    def (\n        ^\n'
          "SyntaxError: invalid syntax\n")
    assert crash_line(py, ("/tmp/x/work/",)) == "app.py:3: SyntaxError: invalid syntax"
    assert crash_line("listening on 3000\n") == ""


def test_timeline_records_when_each_check_first_passed():
    from grader.results import CheckResult, RunResult
    from grader.watch.timebox import Timeline, clock

    def result(*passing: str) -> RunResult:
        checks = [CheckResult(id=i, name=f"check {i}", status="pass" if i in passing else "fail", points=1 if i in passing else 0,
                              max_points=1, visibility="public") for i in ("a", "b", "c")]
        return RunResult(challenge="c", title="t", track="node", sandbox="local", seed=1, submission="s",
                         started_at="", checks=checks, score=len(passing), max_score=3)

    tl = Timeline(challenge="c", title="t", track="node", budget_minutes=1, public_only=True, seed=1)
    first = tl.record(result(), [], {})
    second = tl.record(result("a", "b"), ["server.js"], {})
    third = tl.record(result("b", "c"), ["server.js"], {})
    assert first.newly_passing == [] and second.newly_passing == ["a", "b"] and third.newly_failing == ["a"]
    assert third.newly_passing == ["c"]
    assert tl.first_passed["a"] == second.at and tl.first_passed["c"] == third.at
    snap = tl.snapshot("candidate")
    assert snap["runs"][2]["newly_failing"] == ["check a"] and snap["budget_s"] == 60
    assert [c["first_passed_at_s"] for c in tl.to_dict()["checks"]] == [second.at, second.at, third.at]
    assert clock(65) == "01:05" and clock(3725) == "1:02:05"


def test_docker_restart_in_place_needs_no_exec_and_no_later_process_reaches_the_control_socket(docker_ready, tmp_path):
    """The supervisor takes restarts over the control socket it connected to at its start: no
    `docker exec` per restart; the grader closed the listener then, so the server cannot connect."""
    from grader.readiness import wait_until_ready
    from grader.sandbox.docker import DockerSandbox
    from grader.submission import detect

    sub = tmp_path / "solution"
    shutil.copytree(REFERENCE, sub)
    os.environ["GRADER_OWNER"], old = owner(), os.environ.get("GRADER_OWNER")
    try:
        sb = DockerSandbox(detect(sub))
    finally:
        os.environ.pop("GRADER_OWNER") if old is None else os.environ.__setitem__("GRADER_OWNER", old)
    try:
        sb.start({"PORT": "3000"})
        wait_until_ready(sb, 3000, 60)
        first = sb.container.id
        execs: list = []
        real_exec = sb.container.exec_run
        sb.container.exec_run = lambda cmd, **kw: execs.append(cmd) or real_exec(cmd, **kw)
        for i in range(3):
            sb.start({"PORT": "3000"}, files={"server.js": (REFERENCE / "server.js").read_text() + f"\n// {i}\n"})
            wait_until_ready(sb, 3000, 60)
        assert sb.container.id == first
        assert execs == [], f"a restart went through docker exec: {execs}"
        assert not list(sb._tmp.glob("control-*/sock")), "the listener must be gone once the supervisor is connected"
        assert sb.read_file("server.js").endswith(b"// 2\n")
        code, out = sb._exec(["python3", "-c", "import socket; socket.socket(socket.AF_UNIX).connect('/control/sock')"])
        assert code != 0 and b"FileNotFoundError" in out, out
    finally:
        sb.close()


def test_the_page_names_hidden_checks_only_for_the_interviewer():
    from grader.results import CheckResult, Exchange, RunResult
    from grader.watch.timebox import Timeline

    secret = "rejects a title of 10001 characters"
    ex = Exchange(method="POST", url="http://x/todos", request_headers={}, request_body="{}", curl="curl -X POST /todos",
                  status=500, response_body="\x1b]0;pwned\x07<script>alert(1)</script>")
    checks = [CheckResult(id="p", name="creates a todo", status="fail", points=0, max_points=1, visibility="public",
                          message="expected 201", exchange=ex),
              CheckResult(id="h", name=secret, status="fail", points=0, max_points=2, visibility="hidden",
                          message=f"{secret}: got 500", exchange=ex)]
    result = RunResult(challenge="c", title="t", track="node", sandbox="docker", seed=1, submission="s", started_at="",
                       checks=checks, score=0, max_score=3)
    tl = Timeline(challenge="c", title="t", track="node", budget_minutes=5, public_only=False, seed=1)
    tl.record(result, [], {})
    candidate = json.dumps(tl.snapshot("candidate"))
    assert secret not in candidate and "2 hidden checks" not in candidate
    assert tl.snapshot("candidate")["hidden"].startswith("1 hidden check")
    assert "\x1b" not in candidate and "\\u001b" not in candidate  # the escape is shown as text (\\x1b), never sent raw
    assert secret in json.dumps(tl.snapshot("interviewer"))


def test_a_crash_during_the_checks_is_not_called_a_failed_start():
    import click

    from grader.results import CheckResult, RunResult, ServerInfo
    from grader.watch.compact import render
    from grader.watch.timebox import Timeline

    def run_with(message: str, reason: str):
        checks = [CheckResult(id="a", name="creates a todo", status="error", points=0, max_points=1,
                              visibility="public", message=message)]
        result = RunResult(challenge="c", title="t", track="node", sandbox="local", seed=1, submission="s",
                           started_at="", checks=checks, max_score=1,
                           server=ServerInfo(reason=reason, log_tail="/work/server.js:3\nTypeError: boom\n"))
        tl = Timeline(challenge="c", title="t", track="node", budget_minutes=1, public_only=True, seed=1)
        return click.unstyle(render(tl.record(result, ["server.js"], {}), tl, "candidate"))

    never = run_with("not run: the server did not start (see the run's verdict)", "server exited with code 1 before it answered")
    assert "server did not start: server exited with code 1 before it answered: server.js:3: TypeError: boom" in never
    crashed = run_with("the connection failed", "server exited with code 1 during the checks")
    assert "did not start" not in crashed and "server: server exited with code 1 during the checks" in crashed
    assert "score 0/1" in crashed and "first failure: creates a todo" in crashed
