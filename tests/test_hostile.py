"""The hostile and broken submission corpus (tests/hostile/cases): each case is graded with the
real `grade` command against the probe challenge (tests/hostile/challenges/challenge-99) and must
end within its time bound with exactly the verdict in its expect.toml, leaving the host and the
submission folder unchanged. Leftover containers, networks and processes are checked after the
session by conftest.nothing_left_behind."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import threading
import time
import tomllib
from pathlib import Path

import pytest

from helpers import ROOT, SOLUTIONS, run_grade

HOSTILE = ROOT / "tests" / "hostile"
CASES = HOSTILE / "cases"
ENV = {"GRADER_CHALLENGES": str(HOSTILE / "challenges")}


def _cases():
    for case in sorted(p for p in CASES.iterdir() if (p / "expect.toml").exists()):
        expect = tomllib.loads((case / "expect.toml").read_text())
        for sandbox in expect["sandboxes"]:
            marks = [pytest.mark.docker] if sandbox == "docker" else []
            yield pytest.param(case, expect, sandbox, id=f"{case.name.replace(' ', '_')}-{sandbox}", marks=marks)


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_symlink():
            h.update(os.readlink(p).encode())
        elif p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def _build(case: Path, expect: dict, tmp_path: Path) -> Path:
    sub = tmp_path / expect.get("rename", case.name)
    shutil.copytree(case, sub, symlinks=True, ignore=shutil.ignore_patterns("expect.toml"))
    lib = "good.py" if (case / "app.py").exists() else "good.js"
    shutil.copy(HOSTILE / "lib" / lib, sub / lib)
    if target := expect.get("symlink_outside"):
        secret = tmp_path / "host-secret.txt"
        secret.write_text("host secret")
        os.symlink(secret, sub / target)
    if size := expect.get("huge_file_mb"):
        with open(sub / "big.bin", "wb") as fh:
            fh.truncate(size * 1024 * 1024)  # sparse: costs no disk, still counts as its size
    return sub


class Listener:
    """A TCP listener on this machine that counts the connections it accepts."""

    def __init__(self, port: int = 18999) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("0.0.0.0", port))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.accepted = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.accepted += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.mark.parametrize("case,expect,sandbox", list(_cases()))
def test_hostile_case(case, expect, sandbox, tmp_path, request):
    if sandbox == "docker":
        request.getfixturevalue("docker_ready")
    sub = _build(case, expect, tmp_path)
    before = _tree_hash(sub)
    listener = Listener() if expect.get("probe_listener") else None
    reports = {fmt: tmp_path / f"report.{ext}" for fmt, ext in (("markdown", "md"), ("junit", "xml"), ("html", "html"))}
    extra = [a for fmt, path in reports.items() for a in (f"--{fmt}", str(path))] if expect.get("report_safety") else []
    start = time.monotonic()
    try:
        g = run_grade(["challenge-99", str(sub), "--sandbox", sandbox, "--seed", "1", *extra], tmp_path,
                      env=ENV, timeout=expect["max_seconds"] + 60)
    finally:
        if listener:
            listener.close()
    elapsed = time.monotonic() - start
    assert elapsed <= expect["max_seconds"], f"took {elapsed:.1f}s (bound {expect['max_seconds']}s)\n{g.explain()}"
    assert _tree_hash(sub) == before, "the submission folder was changed by the grading"
    for path in expect.get("no_host_files", []):
        assert not Path(path).exists(), f"{path} exists on the host: install code ran"
    if listener:
        assert listener.accepted == 0, f"the sandboxed server reached the host listener {listener.accepted} time(s)"

    if expect.get("exit") == 2:
        assert g.code == 2 and re.search(expect["stderr"], g.stderr), g.explain()
        return
    all_pass = expect.get("all") == "pass"
    assert g.code == (0 if all_pass else 1), g.explain()
    r = g.result
    reason = r["server"]["reason"]
    if expect.get("reason_none"):
        assert reason is None, f"unexpected run-level reason {reason!r}\n{g.explain()}"
    if "reason" in expect:
        assert reason and re.search(expect["reason"], reason), f"reason {reason!r} !~ {expect['reason']!r}\n{g.explain()}"
    checks = {c["id"]: c for c in r["checks"]}
    assert set(checks) == {"test_first", "test_echo", "test_last"}, g.explain()
    wanted = {cid: expect["all"] for cid in checks} if "all" in expect else {}
    wanted.update(expect.get("checks", {}))
    for cid, status in wanted.items():
        assert checks[cid]["status"] == status, f"{cid}: {checks[cid]['status']} != {status}: {checks[cid]['message']}\n{g.explain()}"
    for cid, pattern in expect.get("messages", {}).items():
        assert re.search(pattern, checks[cid]["message"]), f"{cid} message {checks[cid]['message']!r} !~ {pattern!r}"
    if "message" in expect:
        assert all(re.search(expect["message"], c["message"]) for c in checks.values()), g.explain()
    if "log" in expect:
        assert re.search(expect["log"], r["server"]["log_tail"]), f"log !~ {expect['log']!r}\n{r['server']['log_tail'][-2000:]}"
    if "log_truncated" in expect:
        assert r["server"]["log_truncated"] is expect["log_truncated"]
    if "max_grader_rss_mb" in expect:
        assert r["grader"]["peak_rss_mb"] <= expect["max_grader_rss_mb"], r["grader"]
    if expect.get("report_safety"):
        _assert_reports_safe(g, reports)


# a raw control byte: C0 but tab and line feed, DEL, and C1 as UTF-8 encodes it (0x9b is a CSI)
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9\xae]")


def _assert_reports_safe(g, reports: dict[str, Path]) -> None:
    """What the escape-sequences case sent reached no reader raw, and forged lines stayed indented."""
    import xmlschema

    outputs = {"terminal": g.stdout.encode(), **{fmt: path.read_bytes() for fmt, path in reports.items()}}
    for name, data in outputs.items():
        bad = _RAW_CONTROL.search(data)
        assert bad is None, f"{name} output has a raw control byte {bad.group()!r} at {bad.start()}:\n" \
                            f"{data[max(0, bad.start() - 80):bad.start() + 80]!r}"
    # the body, the header and the log were all shown, escaped
    assert b"\\x1b]0;owned\\x07" in outputs["terminal"] and b"\\x9b31m" in outputs["terminal"], g.stdout[-3000:]
    assert b"\\x1b]0;owned\\x07" in outputs["html"] and b"\\x1b]0;owned\\x07" in outputs["markdown"]
    for line in g.stdout.splitlines():
        if "score 10/10" in line or "PASS GET /echo" in line:
            assert line[:1].isspace(), f"a line of the submission's text is not indented under its check: {line!r}"
    schema = xmlschema.XMLSchema(ROOT / "tests" / "fixtures" / "reports" / "junit-10.xsd")
    schema.validate(str(reports["junit"]))


def test_corpus_is_large_enough():
    assert len(list(_cases())) >= 20 and len([p for p in CASES.iterdir() if (p / "expect.toml").exists()]) >= 20


@pytest.mark.docker
def test_concurrent_gradings_do_not_collide(tmp_path, docker_ready):
    """Two `grade` runs at once on the same challenge: distinct names, networks, ports; both 100%."""
    results = {}

    def one(name: str) -> None:
        results[name] = run_grade(["challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "docker"],
                                  tmp_path / name)

    threads = [threading.Thread(target=one, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(results[n].code == 0 and results[n].percent == 100.0 for n in ("a", "b")), \
        [results[n].explain() for n in ("a", "b")]


@pytest.mark.docker
def test_sandboxes_cannot_reach_each_other(tmp_path, docker_ready):
    """Two sandboxes on the shared network at once: one serves, the other tries to connect to it
    (and to the host through the gateway). Both attempts must fail, while the grader reaches both."""
    import httpx

    from grader.readiness import wait_until_ready
    from grader.sandbox.docker import DockerSandbox
    from grader.submission import detect

    server_dir = tmp_path / "server"
    server_dir.mkdir()
    shutil.copy(HOSTILE / "lib" / "good.js", server_dir / "good.js")
    (server_dir / "server.js").write_text("require('./good')();\n")
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    shutil.copy(HOSTILE / "lib" / "good.js", probe_dir / "good.js")
    (probe_dir / "server.js").write_text(
        "const net = require('net');\n"
        "const target = process.env.TARGET;\n"
        "const sock = net.connect({ host: target, port: 3000 });\n"
        "let verdict = 'pending';\n"
        "sock.setTimeout(2000, () => { verdict = 'blocked: timeout'; sock.destroy(); });\n"
        "sock.on('connect', () => { verdict = 'REACHED ' + target; sock.destroy(); });\n"
        "sock.on('error', (e) => { verdict = 'blocked: ' + e.code; });\n"
        "require('./good')({ handle: (req, res, url) => url.pathname === '/verdict' && (res.end(verdict), true) });\n")
    a = DockerSandbox(detect(server_dir))
    b = DockerSandbox(detect(probe_dir))
    try:
        a.start({"PORT": "3000"})
        wait_until_ready(a, 3000, 15)
        b.start({"PORT": "3000", "TARGET": a.host})
        wait_until_ready(b, 3000, 15)
        assert httpx.get(f"http://{a.host}:3000/").status_code == 200  # the grader reaches both
        deadline = time.monotonic() + 10
        verdict = "pending"
        while verdict == "pending" and time.monotonic() < deadline:
            verdict = httpx.get(f"http://{b.host}:3000/verdict").text
            time.sleep(0.2)
        assert verdict.startswith("blocked"), f"one sandbox reached another: {verdict}"
    finally:
        a.close()
        b.close()


@pytest.mark.docker
@pytest.mark.parametrize("case", ["spins-cores", "floods-output", "memory-balloon"])
def test_hostile_grading_leaves_a_concurrent_grading_unaffected(case, tmp_path, docker_ready):
    """A hostile submission graded at the same time as a well-behaved one: the latter still 100%."""
    expect = tomllib.loads((CASES / case / "expect.toml").read_text())
    sub = _build(CASES / case, expect, tmp_path / "hostile-src")
    results = {}

    def hostile() -> None:
        results["hostile"] = run_grade(["challenge-99", str(sub), "--sandbox", "docker", "--seed", "1"],
                                       tmp_path / "hostile", env=ENV)

    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.5)  # the hostile server is starting or running when the good grading begins
    good = run_grade(["challenge-01", str(SOLUTIONS / "challenge-01" / "python"), "--sandbox", "docker"], tmp_path / "good")
    thread.join(180)
    assert good.code == 0 and good.percent == 100.0, good.explain()
    assert results["hostile"].result is not None, results["hostile"].explain()


@pytest.mark.docker
def test_restart_in_place_leaves_nothing_of_the_old_server(tmp_path, docker_ready):
    """A docker restart happens inside the same container (runtime/supervise). It must still be a
    clean restart: the old server's detached helper (its own session, which a process-group kill
    would miss) is gone, the environment is exactly the new one, the files change as asked, and
    what the server wrote in its work dir is kept."""
    import httpx

    from grader.readiness import wait_until_ready
    from grader.sandbox.docker import DockerSandbox
    from grader.submission import detect

    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "server.js").write_text(
        "const fs = require('fs'), http = require('http');\n"
        "const { spawn } = require('child_process');\n"
        "spawn(process.execPath, ['-e', \"require('http').createServer((q, s) => s.end(String(process.pid))).listen(4000)\"],\n"
        "      { detached: true, stdio: 'ignore' }).unref();\n"
        "const starts = (fs.existsSync('starts.txt') ? Number(fs.readFileSync('starts.txt', 'utf8')) : 0) + 1;\n"
        "fs.writeFileSync('starts.txt', String(starts));\n"
        "const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : null);\n"
        "http.createServer((req, res) => res.end(JSON.stringify({ starts, mode: process.env.MODE || null,\n"
        "  extra: read('extra.txt'), keys: process.env.GRADER_SERVER_ENV_KEYS || null }))).listen(process.env.PORT);\n")
    box = DockerSandbox(detect(sub))
    try:
        box.start({"PORT": "3000", "MODE": "a"})
        wait_until_ready(box, 3000, 15)
        first_container = box.container.id
        state = httpx.get(f"http://{box.host}:3000/").json()
        assert state == {"starts": 1, "mode": "a", "extra": None, "keys": None}

        def helper_pid() -> str:
            deadline = time.monotonic() + 10
            while True:
                try:
                    return httpx.get(f"http://{box.host}:4000/", timeout=1).text
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)

        old_helper = helper_pid()
        box.start({"PORT": "3000", "MODE": "b"}, files={"extra.txt": "hello"})
        wait_until_ready(box, 3000, 15)
        assert box.container.id == first_container, "the restart took a new container"
        assert httpx.get(f"http://{box.host}:3000/").json() == {"starts": 2, "mode": "b", "extra": "hello", "keys": None}
        # the old helper held port 4000: a new one could only start because the old one is dead
        new_helper = helper_pid()
        assert new_helper != old_helper
        box.start({"PORT": "3000"}, remove=["extra.txt"])
        wait_until_ready(box, 3000, 15)
        assert httpx.get(f"http://{box.host}:3000/").json() == {"starts": 3, "mode": None, "extra": None, "keys": None}
        assert box.container.id == first_container
    finally:
        box.close()
