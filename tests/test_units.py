"""Unit tests of the grader's pure parts: no server, no Docker."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from grader import challenges, scoring
from grader.datafiles import DataSpec, generate
from grader.errors import SubmissionError, UnknownChallenge
from grader.readiness import describe_exit, explain_not_listening
from grader.results import CheckResult, RunResult
from grader.sandbox.base import ExitInfo, parse_proc_net_tcp
from grader.sandbox.output import OutputBuffer
from grader.sandbox.staging import stage
from grader.submission import detect


def check(status, pts=2.0, vis="hidden"):
    return CheckResult(id="c", name="c", status=status, points=scoring.points_for(status, pts), max_points=pts, visibility=vis)


# --- scoring ---------------------------------------------------------------------------------
def test_only_passed_checks_earn_points_and_skips_leave_the_maximum():
    checks = [check("pass", 3), check("fail", 2), check("error", 1), check("skip", 5)]
    assert scoring.total(checks) == (3.0, 6.0)


def test_min_score_gate():
    r = RunResult(challenge="c", title="t", track="node", sandbox="local", seed=1, submission="s", started_at="")
    r.checks = [check("pass", 3), check("fail", 1)]
    scoring.finalise(r)
    assert r.percent == 75.0 and not r.all_passed
    assert not scoring.meets(r, None) and scoring.meets(r, 75) and not scoring.meets(r, 75.1)


def test_no_checks_never_passes():
    r = scoring.finalise(RunResult(challenge="c", title="t", track="node", sandbox="local", seed=1, submission="s", started_at=""))
    assert not r.all_passed and not scoring.meets(r, 0)


def test_result_json_is_versioned():
    r = RunResult(challenge="c", title="t", track="node", sandbox="local", seed=9, submission="s", started_at="x")
    r.checks = [check("pass")]
    data = json.loads(scoring.finalise(r).to_json())
    assert data["version"] == 1 and data["percent"] == 100.0 and data["passed"] is True


# --- challenge ids and catalogue -------------------------------------------------------------
@pytest.mark.parametrize("text", ["13", "013", "challenge-13", "challenge-013", " 13 "])
def test_challenge_id_forms(text):
    assert challenges.normalise_id(text) == "challenge-13"


@pytest.mark.parametrize("text", ["", "abc", "challenge-", "13a", "-1"])
def test_bad_challenge_ids(text):
    with pytest.raises(UnknownChallenge):
        challenges.normalise_id(text)


def test_catalogue_loads_and_ids_match_folders():
    items = challenges.all_challenges()
    folders = [p for p in challenges.paths.challenges_dir().iterdir() if p.name.startswith("challenge-")]
    assert items and len(items) == len(folders)
    assert [c.id for c in items] == sorted(c.id for c in items)
    for c in items:
        assert c.tracks == ("node", "python") and c.tier >= 1 and c.minutes > 0


# --- submissions -----------------------------------------------------------------------------
def test_detects_node_from_package_start_script(tmp_path):
    (tmp_path / "package.json").write_text(json.dumps({"scripts": {"start": "node src/main.js"}}))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.js").write_text("")
    sub = detect(tmp_path)
    assert sub.track == "node" and sub.entry == "src/main.js"


def test_detects_python_and_explicit_track_wins(tmp_path):
    (tmp_path / "app.py").write_text("")
    assert detect(tmp_path).track == "python"
    with pytest.raises(SubmissionError, match="no server.js"):
        detect(tmp_path, "node")


def test_broken_package_json_is_a_clear_error(tmp_path):
    (tmp_path / "package.json").write_text("{nope")
    with pytest.raises(SubmissionError, match="not valid JSON"):
        detect(tmp_path)


# --- staging ---------------------------------------------------------------------------------
def test_staging_drops_links_outside_and_keeps_links_inside(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    (src / "lib").mkdir(parents=True)
    (src / "lib" / "a.js").write_text("x")
    os.symlink("lib/a.js", src / "inside.js")
    os.symlink("/etc/passwd", src / "outside")
    os.symlink("/etc", src / "etcdir")
    report = stage(src, dest)
    assert (dest / "inside.js").is_symlink() and (dest / "inside.js").read_text() == "x"
    assert not (dest / "outside").exists() and not (dest / "etcdir").exists()
    assert sorted(report.dropped_links) == ["etcdir", "outside"]


def test_staging_refuses_huge_submissions(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.bin").write_bytes(b"\0" * 2048)
    with pytest.raises(SubmissionError, match="larger than"):
        stage(src, tmp_path / "dest", max_bytes=1024)


# --- output cap ------------------------------------------------------------------------------
def test_output_buffer_keeps_the_tail_and_says_it_truncated():
    buf = OutputBuffer(cap=100)
    for i in range(50):
        buf.write(f"line {i:03d}\n".encode())
    assert buf.truncated and buf.total == 450
    text = buf.text()
    assert len(text) == 100 and text.endswith("line 049\n")
    buf.write(b"x" * 1000)
    assert buf.text() == "x" * 100


# --- readiness diagnoses ---------------------------------------------------------------------
PROC_NET_TCP = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 1 1
   1: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 2 1
   2: 0100007F:0BB8 0100007F:C350 01 00000000:00000000 00:00000000 00000000 10001        0 3 1
"""


def test_parse_proc_net_tcp_lists_listeners_only():
    assert parse_proc_net_tcp(PROC_NET_TCP) == [("127.0.0.1", 3000), ("0.0.0.0", 8081)]


def test_explanations():
    loop = explain_not_listening([("127.0.0.1", 3000)], 3000, isolated=True)
    assert "127.0.0.1:3000 only" in loop and "0.0.0.0" in loop
    assert "not on PORT=3000" in explain_not_listening([("0.0.0.0", 8081)], 3000, isolated=True)
    assert "nothing listens" in explain_not_listening([], 3000, isolated=True)
    assert describe_exit(ExitInfo(137, oom_killed=True), 256) == "server exited with code 137: out of memory (limit 256 MiB)"
    assert describe_exit(ExitInfo(137)) == "server exited with code 137: killed (SIGKILL)"


# --- data files ------------------------------------------------------------------------------
def test_data_files_are_seeded_and_hashed(tmp_path):
    a = generate(DataSpec("big.bin", 3), tmp_path, seed=5)
    assert a.size == 3 * 1024 * 1024
    assert a.sha256 == hashlib.sha256((tmp_path / "big.bin").read_bytes()).hexdigest()
    (tmp_path / "other").mkdir()
    b = generate(DataSpec("big.bin", 3), tmp_path / "other", seed=6)
    assert a.sha256 != b.sha256


def test_client_decodes_gzip_deflate_and_stacked_encodings_within_its_cap():
    """The suite client's own bounded decoding gives exactly what httpx would (gzip, zlib-wrapped
    and raw deflate, two encodings stacked), and a body that decodes past the cap fails at once."""
    import gzip
    import threading
    import zlib
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import httpx
    import pytest

    from grader.http import Recorder, ResponseTooLarge, make_client

    payload = b'{"x": "' + b"abc" * 50000 + b'"}'
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bodies = {
        "/gzip": ("gzip", gzip.compress(payload)),
        "/deflate": ("deflate", zlib.compress(payload)),
        "/raw-deflate": ("deflate", raw.compress(payload) + raw.flush()),
        "/stacked": ("deflate, gzip", gzip.compress(zlib.compress(payload))),
        "/identity": ("identity", payload),
        "/br": ("br", b"not decoded"),
        "/bomb": ("gzip", gzip.compress(bytes(3 * 1024 * 1024))),
        "/corrupt": ("gzip", b"\x1f\x8b\x08\x00garbage-not-gzip"),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            encoding, body = bodies[self.path]
            self.send_response(200)
            self.send_header("content-encoding", encoding)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with make_client(f"http://127.0.0.1:{srv.server_port}", Recorder(), 5.0, max_response=2 * 1024 * 1024) as c:
            for path in ("/gzip", "/deflate", "/raw-deflate", "/stacked", "/identity"):
                r = c.get(path)
                assert r.content == payload, path
                assert r.json()["x"].startswith("abc"), path
            assert c.get("/br").content == b"not decoded"  # never advertised, never decoded
            assert c.headers["accept-encoding"] == "gzip, deflate"
            with pytest.raises(ResponseTooLarge, match=r"^the response body decoded to more than 2 MiB \(gzip\)$"):
                c.get("/bomb")
            with pytest.raises(httpx.DecodingError, match="not valid gzip"):
                c.get("/corrupt")
    finally:
        srv.shutdown()


def test_json_body_refuses_a_nesting_bomb_with_a_message():
    import httpx
    import pytest

    from grader.testing import MAX_JSON_DEPTH, json_body

    def response(text: str) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/json"}, content=text.encode(),
                              request=httpx.Request("GET", "http://sandbox/"))

    ok = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert json_body(response(ok)) is not None
    for text in ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "[" * 100000 + "]" * 100000,
                 '{"a":' * 5000 + "1" + "}" * 5000):
        with pytest.raises(AssertionError, match="nests deeper than the grader's limit of 256 levels") as info:
            json_body(response(text))
        assert "Recursion" not in str(info.value)
