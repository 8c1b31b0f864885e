"""The suites' kit: assertion helpers whose failures read as a person would explain them, random
data from a check's `rng`, and the small parsers several suites need (docs/authoring.md lists them).

A helper lives here once it means the same thing in two suites; a suite keeps a helper of its own
only when it means something particular to that challenge.
"""

from __future__ import annotations

import importlib.util
import json
import random
import string
import time
from collections.abc import Collection
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx

ALNUM = string.ascii_letters + string.digits


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


def json_object(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """`status` and a JSON object body, returned; the most common expectation of a check."""
    assert_status(response, status)
    body = json_body(response)
    if not isinstance(body, dict):
        raise AssertionError(f"the body must be a JSON object, got {_excerpt(response.text)!r}")
    return body


def assert_fields(response: httpx.Response, expected: dict[str, Any], status: int = 200) -> dict[str, Any]:
    """`status` and a JSON object holding at least `expected`'s keys with those values (other keys
    are free unless the spec fixes them); returns the body."""
    body = json_object(response, status)
    wrong = {key: body.get(key) for key, value in expected.items() if key not in body or body[key] != value}
    if wrong:
        raise AssertionError(
            f"{response.request.method} {response.request.url.raw_path.decode()} must answer "
            f"{json.dumps(expected)}, got {_excerpt(response.text)!r}"
        )
    return body


def json_array(response: httpx.Response, status: int = 200) -> list[Any]:
    """`status` and a JSON array body, returned; names the usual mistake of wrapping it in an object."""
    assert_status(response, status)
    body = json_body(response)
    if not isinstance(body, list):
        wrapped = f" with keys {sorted(body)} (return the array itself, not an object wrapping it)" if isinstance(
            body, dict) else ""
        raise AssertionError(
            f"{response.request.method} {response.request.url.raw_path.decode()} must answer with a JSON array, "
            f"got a JSON {type(body).__name__}{wrapped}"
        )
    return body


def header_list(response: httpx.Response, name: str) -> list[str]:
    """A comma-separated header as lower-case tokens (all occurrences joined)."""
    values = response.headers.get_list(name)
    return [t.strip().lower() for v in values for t in v.split(",") if t.strip()]


def assert_error(response: httpx.Response, status: int, why: str = "") -> Any:
    """`status` with the body {"error": <non-empty string>}, the error shape most specs fix; returns
    the parsed body. `why` says which request it was, for the failure message."""
    prefix = f"{why}: " if why else ""
    if response.status_code != status:
        raise AssertionError(
            f"{prefix}expected status {status}, got {response.status_code} "
            f"for {response.request.method} {response.request.url.raw_path.decode()}"
        )
    body = json_body(response)
    if not (isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"].strip()):
        raise AssertionError(f'{prefix}the {status} body must be {{"error": <non-empty string>}}, got {body!r}')
    return body


def assert_bad_request(response: httpx.Response, why: str = "") -> Any:
    """A 400 with {"error": <non-empty string>}."""
    return assert_error(response, 400, why)


def word(rng: random.Random, length: int | None = None, *, low: int = 4, high: int = 9,
         alphabet: str = string.ascii_lowercase) -> str:
    """A random word from `alphabet`: `length` letters, or between `low` and `high` when no length."""
    n = length if length is not None else rng.randint(low, high)
    return "".join(rng.choice(alphabet) for _ in range(n))


def random_secret(rng: random.Random, length: int = 40, prefix: str = "") -> str:
    """A random alphanumeric secret (a JWT key, a session secret) no hard-coded value can match."""
    return prefix + word(rng, length, alphabet=ALNUM)


def is_int(value: Any) -> bool:
    """A JSON integer (Python's bool is an int, JSON's true is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A JSON number, integer or not (true and false are not numbers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_json_id(value: Any) -> bool:
    """What a spec that leaves ids free accepts: a JSON string or number."""
    return isinstance(value, str) or is_number(value)


def id_key(value: Any) -> tuple[str, Any]:
    """Ids compared as JSON values: 1 and 1.0 are the same number, 1 and "1" differ."""
    return ("number", value) if is_number(value) else ("string", value)


def bearer(token: str, scheme: str = "Bearer") -> dict[str, str]:
    """Request headers carrying `token` in Authorization."""
    return {"Authorization": f"{scheme} {token}"}


def parse_set_cookie(header: str) -> tuple[str, str, dict[str, str]]:
    """(name, value, {attribute in lower case: value}) of one Set-Cookie header; a flag such as
    HttpOnly maps to ""."""
    first, *rest = header.split(";")
    name, _, value = first.partition("=")
    attrs = {}
    for part in rest:
        key, _, val = part.strip().partition("=")
        if key:
            attrs[key.strip().lower()] = val.strip()
    return name.strip(), value.strip(), attrs


def url_path(*parts: Any) -> str:
    """"/a/b/c" from its segments, each percent-encoded whole (an id holding "/" or "?" stays one
    segment), so a check can send any id the server handed out."""
    return "/" + "/".join(quote(str(p), safe="") for p in parts)


def sleep_until(deadline: float) -> None:
    """Sleep until time.monotonic() reaches `deadline` (at once when it already has): waits counted
    from a moment the check observed, not from when the sleep starts."""
    delay = deadline - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def load_module(path: Path, name: str) -> ModuleType:
    """Import a Python file that is not on sys.path (a challenge's fake upstream app, whose data
    a suite compares with) under a unique module name."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
