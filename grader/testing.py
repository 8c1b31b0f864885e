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


# deeper JSON than any challenge needs; a nesting bomb ("[" * 100000) must fail with a message,
# not with Python's RecursionError (the C parser recurses once per level)
MAX_JSON_DEPTH = 256
TOO_DEEP = f"the response's JSON nests deeper than the grader's limit of {MAX_JSON_DEPTH} levels"


def json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in a parsed JSON value (iterative: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def json_body(response: httpx.Response) -> Any:
    """The parsed JSON body; fails unless the response declares and contains JSON (at most
    MAX_JSON_DEPTH levels deep)."""
    ctype = response.headers.get("content-type", "")
    if "json" not in ctype.split(";")[0].lower():
        raise AssertionError(
            f"expected a JSON response (Content-Type: application/json), got "
            f"Content-Type {ctype or '(none)'!r} with body {_excerpt(response.text)!r}"
        )
    try:
        value = json.loads(response.content)
    except RecursionError:
        raise AssertionError(TOO_DEEP) from None
    except ValueError as exc:
        raise AssertionError(f"response body is not valid JSON ({exc}): {_excerpt(response.text)!r}") from None
    if json_depth(value) > MAX_JSON_DEPTH:
        raise AssertionError(TOO_DEEP)
    return value


def header_list(response: httpx.Response, name: str) -> list[str]:
    """A comma-separated header as lower-case tokens (all occurrences joined)."""
    values = response.headers.get_list(name)
    return [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
