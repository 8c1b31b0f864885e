"""The report boundary (grader/report/safe.py), property-based: whatever text a submission puts in
a response, a header or its log, no renderer lets a raw control character through, candidate
lines stay indented under their check in the terminal, the JUnit stays valid XML and the HTML
escapes markup. (The hostile corpus's escape-sequences case proves the same end to end.)"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from unittest import mock

import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.report import gradescope, html, junit, markdown, safe, terminal
from grader.report.batch import _as_dict
from grader.results import CheckResult, Exchange, RunResult, ServerInfo
from helpers import ROOT

SCHEMA = xmlschema.XMLSchema(ROOT / "tests" / "fixtures" / "reports" / "junit-10.xsd")
# what must never reach a reader raw: C0 but tab and line feed, DEL, C1, line separators,
# direction overrides/isolates, BOM
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

hostile_bits = st.sampled_from([
    "\x1b]0;owned\x07", "\x1b]52;c;ZWNobyBvd25lZA==\x07", "\x1b[2J", "\x1b[31m", "\x9b31m", "\r",
    "\rscore 10/10 (100%)", "\nscore 10/10 (100%)\n", "\u2028", "\u202e", "\x00", "\x7f", "\x85",
    "<x-evil>", "</pre><script>x()</script>", "]]>", "```", "|", "\t", "\\x1b",
])
candidate_text = st.lists(st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=30), hostile_bits),
                          max_size=8).map("".join)


def _result(t: list[str]) -> RunResult:
    exchange = Exchange(method="GET", url=f"http://sandbox/echo?x={t[0]}", request_headers={"x-h": t[1]},
                        request_body=t[2], curl=f"curl -i 'http://sandbox/{t[3]}'", status=200,
                        response_headers={"content-type": t[4], t[5] or "x": t[6]}, response_body=t[7])
    failed = CheckResult(id="test_echo", name=f"echo {t[8]}", status="fail", points=0, max_points=2,
                         visibility="public", message=t[9], category="probe", exchange=exchange)
    broken = CheckResult(id="test_gone", name="gone", status="error", points=0, max_points=1, visibility="public",
                         message=t[10], exchange=Exchange(method="GET", url="http://sandbox/", request_headers={},
                                                          request_body=None, curl="curl", error=t[11]))
    hidden = CheckResult(id="test_hidden", name="hidden one", status="fail", points=0, max_points=1,
                         visibility="hidden", message=t[12])
    return RunResult(challenge="challenge-99", title="Probe", track="node", sandbox="docker", seed=1,
                     submission=f"/subs/{t[13]}", started_at="2026-12-01T10:00:00+00:00", score=0, max_score=4,
                     checks=[failed, broken, hidden],
                     server=ServerInfo(log_tail=t[14], reason=t[15] or None, exit_code=1),
                     grader={"version": "0.1.0", "peak_rss_mb": 50.0})


def _no_raw(name: str, text: str) -> None:
    bad = RAW.search(text)
    assert bad is None, f"{name}: raw {bad.group()!r} at {bad.start()}: {text[max(0, bad.start() - 60):bad.start() + 60]!r}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(candidate_text, min_size=16, max_size=16))
def test_no_renderer_lets_candidate_control_characters_through(texts):
    result = _result(texts)
    for candidate in (False, True):
        # without the report's own colours, the terminal text must hold no escape at all
        with mock.patch("click.style", lambda text, **_: text):
            plain = terminal.render(result, show_hidden_details=not candidate)
        _no_raw("terminal", plain)
        lines = plain.split("\n")
        for line in lines[1:-1]:  # between the heading and the score line, everything is indented
            assert line == "" or line[0] == " ", f"terminal: a line at column 0: {line!r}"
        assert lines[-1].startswith("score ")
    for audience in ("interviewer", "candidate"):
        _no_raw("markdown", markdown.render(result, audience))
        xml_text = junit.render(result, audience)
        _no_raw("junit", xml_text)
        ET.fromstring(xml_text.encode())  # well-formed
        page = html.render(result, audience)
        _no_raw("html", page)
        assert "<x-evil>" not in page and "<script>" not in page
        grades = gradescope.render(result, audience)
        _no_raw("gradescope", grades)
        json.loads(grades)
    row = _as_dict({"name": texts[0], "track": "node", "score": 0, "max_score": 1, "percent": 0, "status": "failed",
                    "duration": 1.0, "result": "", "message": texts[1]})
    _no_raw("batch row", row["name"] + row["message"])


@settings(max_examples=25, deadline=None)
@given(st.lists(candidate_text, min_size=16, max_size=16))
def test_junit_stays_valid_against_its_schema(texts):
    for audience in ("interviewer", "candidate"):
        SCHEMA.validate(junit.render(_result(texts), audience))


def test_neutral_shows_escapes_and_keeps_lines():
    assert safe.neutral("a\x1b]0;t\x07b\r\nc\td\u202e") == "a\\x1b]0;t\\x07b\\x0d\nc\td\\u202e"
    assert safe.neutral_log("\x1b[32mok\x1b[0m \x1b]0;title\x07done\r") == "ok done\\x0d"
    assert safe.neutral(safe.neutral("\x1b")) == "\\x1b"  # idempotent: applying it twice changes nothing
