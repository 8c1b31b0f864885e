"""Hidden suite for challenge-08, Simple Middleware: a `[METHOD] PATH - TIMESTAMP` request log."""

import re
import time
from datetime import UTC, datetime

import pytest

from grader.testing import assert_fields, assert_status, json_body, word

# ISO 8601 in UTC: date, "T", time, optional fraction of a second, then "Z" or "+00:00".
TIMESTAMP = (
    r"(?P<ts>(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?:\.(?P<frac>\d+))?"
    r"(?:Z|\+00:00))"
)
# How far the logged time may be from the grader's clock (seconds).
CLOCK_SKEW = 5.0


def loose_pattern(method, path, exact_case=False):
    """A line that logs this request, however its other parts are written: the method in any case
    unless exact_case, the path possibly behind a scheme and host or before a query string, any
    timestamp. Each check is strict only about its own part of the line (one defect, one check).
    The brackets stay required: they tell the line from a server's own access log ("GET / HTTP/1.1")."""
    flags = "(?m)" if exact_case else "(?mi)"
    return rf"{flags}\[{re.escape(method)}\]\s+(?:https?://[^/\s]+)?{re.escape(path)}(?=[\s?#]|$)"


def parse_timestamp(match):
    """Seconds since the epoch of the timestamp captured by TIMESTAMP."""
    moment = datetime.strptime(f'{match.group("date")}T{match.group("time")}', "%Y-%m-%dT%H:%M:%S")
    seconds = moment.replace(tzinfo=UTC).timestamp()
    if match.group("frac"):
        seconds += float("0." + match.group("frac"))
    return seconds


def unique_path(rng, depth=1):
    """A random path no server defines, e.g. /probe-kqzt/xwbd-4821."""
    segments = [f"probe-{word(rng, 6)}"]
    segments += [f"{word(rng, 4)}-{rng.randrange(1000, 10000)}" for _ in range(depth - 1)]
    return "/" + "/".join(segments)


def since(server, offset):
    logs = server.logs()
    return logs[offset:] if len(logs) >= offset else logs


def wait_for_lines(server, offset, requests, timeout=3.0, settle=0.3):
    """The log text written after offset, once a line of at least one of `requests` ((method, path)
    pairs, as loose_pattern) is in it; fails with the output when none comes. A check about the
    line's content sends a route request and a 404 one, so which requests are logged at all is
    left to the checks about that."""
    patterns = [re.compile(loose_pattern(method, path)) for method, path in requests]
    deadline = time.monotonic() + timeout
    while not any(p.search(since(server, offset)) for p in patterns):
        if time.monotonic() > deadline:
            shown = " or ".join(f"'[{m}] {p} - <timestamp>'" for m, p in requests)
            pytest.fail(f"expected a log line {shown}, none found; the server's output since the "
                        f"request:\n{since(server, offset)[-2000:] or '(nothing was written)'}")
        time.sleep(0.05)
    time.sleep(settle)  # the other requests' lines, if they are logged at all
    return since(server, offset)


@pytest.mark.public
@pytest.mark.points(1)
def test_root_answers_ok(client):
    """GET / answers 200 with {"message": "ok"}"""
    assert_fields(client.get("/"), {"message": "ok"})


@pytest.mark.public
@pytest.mark.points(1)
def test_echo_returns_body(client, rng):
    """POST /echo answers 200 with the JSON body it received"""
    payload = {
        "name": word(rng, 8),
        "count": rng.randrange(1, 10_000),
        "tags": [word(rng, 4) for _ in range(rng.randint(1, 3))],
        "nested": {"flag": rng.choice([True, False]), "note": None},
    }
    response = client.post("/echo", json=payload)
    assert_status(response, 200)
    body = json_body(response)
    assert body == payload, "POST /echo must answer with exactly the JSON it received"


@pytest.mark.public
@pytest.mark.points(2)
def test_root_request_is_logged(client, server):
    """GET / writes the line "[GET] / - <timestamp>" """
    offset = len(server.logs())
    assert_status(client.get("/"), 200)
    text = wait_for_lines(server, offset, [("GET", "/")])
    # the shape only: the method's case and the timestamp's format are other checks' subjects
    assert re.search(r"(?m)\[(?i:GET)\] / - \S[^\n]*$", text), (
        f"GET / must write the line '[GET] / - <timestamp>', got:\n{text[-2000:]}"
    )


@pytest.mark.points(2)
def test_unknown_route_is_logged(client, server, rng):
    """a request to an unknown route answers 404 and is logged with its path"""
    path = unique_path(rng, depth=rng.randint(1, 3))
    response = client.get(path)
    assert_status(response, 404)
    server.wait_for_log(loose_pattern("GET", path))


@pytest.mark.points(2)
def test_query_string_is_not_logged(client, server, rng):
    """PATH in the log line has no query string (nor scheme and host)"""
    path = unique_path(rng)
    offset = len(server.logs())
    client.get(path, params={word(rng, 3): word(rng, 5), "page": str(rng.randint(2, 99))})
    assert_status(client.get("/", params={"ref": word(rng, 5)}), 200)
    text = wait_for_lines(server, offset, [("GET", path), ("GET", "/")])
    for line in text.splitlines():
        for logged in (path, "/"):
            if re.search(loose_pattern("GET", logged), line):
                assert re.search(rf"(?i)\[GET\]\s+{re.escape(logged)}(\s|$)", line), (
                    f"the log line must hold the path {logged} alone, without query string, scheme or host: {line!r}"
                )


@pytest.mark.points(1)
def test_echo_request_is_logged(client, server, rng):
    """POST /echo writes a log line "[POST] /echo - <timestamp>" """
    offset = len(server.logs())
    response = client.post("/echo", json={"id": rng.randrange(10**6)})
    assert_status(response, 200)
    wait_for_lines(server, offset, [("POST", "/echo")], settle=0)


@pytest.mark.points(2)
def test_every_method_is_logged(client, server, rng):
    """GET, PUT, DELETE and PATCH requests are logged with the method in upper case"""
    methods = ["GET", "PUT", "DELETE", "PATCH"]
    rng.shuffle(methods)
    for method in methods:
        path = unique_path(rng, depth=2)
        client.request(method, path, json={"x": 1} if method not in ("GET", "DELETE") else None)
        server.wait_for_log(loose_pattern(method, path, exact_case=True))


@pytest.mark.points(2)
def test_timestamp_is_current_utc(client, server, rng):
    """TIMESTAMP is ISO 8601 in UTC and is the time of the request"""
    path = unique_path(rng)
    offset = len(server.logs())
    before = time.time()
    client.get("/")
    client.get(path)
    after = time.time()
    text = wait_for_lines(server, offset, [("GET", "/"), ("GET", path)])
    lines = [line for line in text.splitlines()
             if any(re.search(loose_pattern("GET", p), line) for p in ("/", path))]
    for line in lines:
        match = re.search(rf" - {TIMESTAMP}[ \t]*$", line)
        assert match, f"the line must end with ' - ' and an ISO 8601 UTC timestamp (Z or +00:00): {line!r}"
        logged = parse_timestamp(match)
        assert before - CLOCK_SKEW <= logged <= after + CLOCK_SKEW, (
            f"the logged time {match.group('ts')} is not the time of the request"
            f" ({datetime.fromtimestamp(before, UTC).isoformat()}): is it UTC?"
        )


@pytest.mark.points(1)
def test_one_line_per_request(client, server, rng):
    """each request writes exactly one log line"""
    offset = len(server.logs())
    count = rng.randint(2, 4)
    path, last = unique_path(rng), unique_path(rng)
    for _ in range(count):
        assert_status(client.get("/"), 200)
        client.get(path)
    # last, different requests: once a last one's line is there, the earlier lines of its kind are too
    client.post("/echo", json={"last": True})
    client.get(last)
    text = wait_for_lines(server, offset, [("POST", "/echo"), ("GET", last)])
    for sentinel, (what, logged) in ((("POST", "/echo"), ("GET /", "/")), (("GET", last), (f"GET {path}", path))):
        if re.search(loose_pattern(*sentinel), text):
            lines = re.findall(loose_pattern("GET", logged), text)
            assert len(lines) == count, f"sent {what} {count} times, found {len(lines)} log lines for them"
