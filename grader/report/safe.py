"""The one boundary where text that came from a submission becomes report text.

Response bodies and headers, the server's log, messages built from them (pytest's assertion diffs
quote a body verbatim) and names the candidate chose (folder and file names) can carry terminal
escapes (OSC 0 sets the window title, OSC 52 writes the clipboard), a carriage return that moves
the cursor back over the grader's indentation, or Unicode line and direction controls. `neutral`
turns every such character into a visible escape (`\\x1b`, `\\x0d`, `\\u202e`), leaving only line
feeds and tabs, so candidate text always stays on lines the renderer indents under its check.

`report.view.make_view` applies it to every field of a result before any renderer sees it; the
terminal, Markdown, JUnit, HTML and Gradescope renderers therefore never meet a raw control
character from the submission (HTML escaping and XML character rules come on top, per format).
"""

from __future__ import annotations

import dataclasses
import re

from ..results import CheckResult, Exchange, RunResult, ServerInfo

# C0 controls except \t and \n, DEL and the C1 range (0x9b is a one-byte CSI on some terminals),
# Unicode line/paragraph separators, direction overrides and isolates, zero-width no-break space
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# ANSI sequences in a server's log (colours of a logger) carry no information for a report reader
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutral(text: str) -> str:
    """`text` with every control character shown as an escape; line feeds and tabs kept."""
    return _UNSAFE.sub(_escape, text) if text else text


def neutral_log(text: str) -> str:
    """A server log: colour and other ANSI sequences dropped, any other control character escaped."""
    return neutral(_ANSI.sub("", text)) if text else text


def _exchange(ex: Exchange | None) -> Exchange | None:
    if ex is None:
        return None
    return dataclasses.replace(
        ex,
        method=neutral(ex.method),
        url=neutral(ex.url),
        request_headers={neutral(k): neutral(v) for k, v in ex.request_headers.items()},
        request_body=neutral(ex.request_body) if ex.request_body is not None else None,
        curl=neutral(ex.curl),
        response_headers={neutral(k): neutral(v) for k, v in ex.response_headers.items()},
        response_body=neutral(ex.response_body) if ex.response_body is not None else None,
        error=neutral(ex.error) if ex.error is not None else None,
    )


def check(c: CheckResult) -> CheckResult:
    # a name and a category are one line of a report (they come from the suite, but cost nothing to hold)
    return dataclasses.replace(c, name=neutral(c.name).replace("\n", " "), message=neutral(c.message),
                               category=neutral(c.category).replace("\n", " "), exchange=_exchange(c.exchange))


def result(r: RunResult) -> RunResult:
    """A copy of `r` fit for any renderer (the original, as saved to JSON, keeps the exact text)."""
    server = ServerInfo(log_tail=neutral_log(r.server.log_tail), log_truncated=r.server.log_truncated,
                        exit_code=r.server.exit_code, reason=neutral(r.server.reason) if r.server.reason else r.server.reason)
    return dataclasses.replace(r, title=neutral(r.title), submission=neutral(r.submission),
                               checks=[check(c) for c in r.checks], server=server)
