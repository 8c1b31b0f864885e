"""JUnit XML, the report format CI systems render (GitHub, GitLab, Jenkins).

One <testcase> per check: classname = "<challenge>.<category>", name = the check's name. A failed
check carries <failure> with the reason and the curl reproduction, a check that could not run
<error>, a skipped one <skipped>. The run's seed, track, sandbox and score are <properties>.
Validated in the tests against the Jenkins xUnit plugin's junit-10.xsd (which is why the
<testsuites> root has no `skipped` attribute: that schema does not define one there).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..results import CheckResult, RunResult
from .view import Audience, View, make_view, reproduction

# characters XML 1.0 cannot carry at all (a server's output may contain any byte)
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _time(seconds: float) -> str:
    return f"{seconds:.3f}"


def failure_body(check: CheckResult) -> str:
    """The reason, then how to reproduce it: the curl line and what came back."""
    return "\n".join([check.message or "(no message)", *reproduction(check, body_limit=2000)])


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _testcase(parent: ET.Element, classname: str, name: str, seconds: float) -> ET.Element:
    return ET.SubElement(parent, "testcase", {"classname": _clean(classname), "name": _clean(name), "time": _time(seconds)})


def build(view: View) -> ET.Element:
    r = view.result
    checks = list(view.checks)
    counts = {s: sum(1 for c in checks if c.status == s) for s in ("fail", "error", "skip")}
    hidden = view.hidden
    tests = len(checks) + (1 if hidden else 0)
    failures = counts["fail"] + (1 if hidden and hidden.failed else 0)
    total = f"{r.timings.get('suite', sum(c.duration for c in r.checks)):.3f}"

    root = ET.Element("testsuites", {"name": f"{r.challenge} {r.title}", "tests": str(tests),
                                     "failures": str(failures), "errors": str(counts["error"]), "time": total})
    suite = ET.SubElement(root, "testsuite", {
        "name": r.challenge, "tests": str(tests), "failures": str(failures), "errors": str(counts["error"]),
        "skipped": str(counts["skip"]), "time": total, "timestamp": r.started_at,
    })
    props = ET.SubElement(suite, "properties")
    for key, value in (("challenge", r.challenge), ("title", r.title), ("seed", r.seed), ("track", r.track),
                       ("sandbox", r.sandbox), ("isolated", r.isolated), ("score", f"{r.score:g}"),
                       ("max_score", f"{r.max_score:g}"), ("percent", f"{r.percent:.2f}"),
                       ("public_only", r.public_only), ("audience", view.audience)):
        ET.SubElement(props, "property", {"name": key, "value": _clean(str(value).lower() if isinstance(value, bool) else str(value))})
    if r.server.reason:
        ET.SubElement(props, "property", {"name": "server_reason", "value": _clean(r.server.reason)})

    for check in checks:
        case = _testcase(suite, f"{r.challenge}.{check.category or 'checks'}", check.name, check.duration)
        if check.status in ("fail", "error"):
            tag = "failure" if check.status == "fail" else "error"
            el = ET.SubElement(case, tag, {"message": _clean(_first_line(check.message)), "type": tag})
            el.text = _clean(failure_body(check))
        elif check.status == "skip":
            ET.SubElement(case, "skipped", {"message": _clean(check.message)})
    if hidden:
        # a candidate sees hidden checks only as a count and their points
        case = _testcase(suite, f"{r.challenge}.hidden", hidden.describe(), 0.0)
        if hidden.failed:
            el = ET.SubElement(case, "failure", {"message": f"{hidden.failed} of {hidden.count} hidden checks failed "
                                                f"({hidden.points:g}/{hidden.max_points:g} points)", "type": "failure"})
            el.text = "Hidden checks are not named in a candidate report."
    if log := view.log_tail():
        ET.SubElement(suite, "system-out").text = _clean(log)
    return root


def render(result: RunResult, audience: Audience = "interviewer") -> str:
    root = build(make_view(result, audience))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

