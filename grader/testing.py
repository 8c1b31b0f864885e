"""Small assertion helpers for hidden suites: failures read as a person would explain them."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

import httpx


def _excerpt(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def assert_status(response: httpx.Response, expected: int | Collection[int]) -> None:
    wanted = {expected} if isinstance(expected, int) else set(expected)
    if response.status_code not in wanted:
        shown = " or ".join(str(s) for s in sorted(wanted))
        raise AssertionError(
            f"expected status {shown}, got {response.status_code} "
            f"for {response.request.method} {response.request.url.raw_path.decode()}"
        )


def json_body(response: httpx.Response) -> Any:
    """The parsed JSON body; fails unless the response declares and contains JSON."""
    ctype = response.headers.get("content-type", "")
    if "json" not in ctype.split(";")[0].lower():
        raise AssertionError(
            f"expected a JSON response (Content-Type: application/json), got "
            f"Content-Type {ctype or '(none)'!r} with body {_excerpt(response.text)!r}"
        )
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"response body is not valid JSON ({exc}): {_excerpt(response.text)!r}") from None


def header_list(response: httpx.Response, name: str) -> list[str]:
    """A comma-separated header as lower-case tokens (all occurrences joined)."""
    values = response.headers.get_list(name)
    return [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
