"""Hidden suite for challenge-08, Simple Middleware: a `[METHOD] PATH - TIMESTAMP` request log."""

import re
import string
import time
from datetime import UTC, datetime

import pytest

from grader.testing import assert_status, json_body

# ISO 8601 in UTC: date, "T", time, optional fraction of a second, then "Z" or "+00:00".
TIMESTAMP = (
    r"(?P<ts>(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?:\.(?P<frac>\d+))?"
    r"(?:Z|\+00:00))"
)
# How far the logged time may be from the grader's clock (seconds).
CLOCK_SKEW = 5.0


def line_pattern(method, path):
    """The regex of the log line for one request: `[METHOD] PATH - TIMESTAMP` ending the line.

    Anything before `[` on the line (e.g. a logging library's prefix) is tolerated; nothing may
    follow the timestamp but spaces.
    """
    return rf"(?m)\[{re.escape(method)}\] {re.escape(path)} - {TIMESTAMP}[ \t]*$"


def parse_timestamp(match):
    """Seconds since the epoch of the timestamp captured by line_pattern."""
    moment = datetime.strptime(f'{match.group("date")}T{match.group("time")}', "%Y-%m-%dT%H:%M:%S")
    seconds = moment.replace(tzinfo=UTC).timestamp()
    if match.group("frac"):
        seconds += float("0." + match.group("frac"))
    return seconds


def random_word(rng, length=8):
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def unique_path(rng, depth=1):
    """A random path no server defines, e.g. /probe-kqzt/xwbd-4821."""
    segments = [f"probe-{random_word(rng, 6)}"]
    segments += [f"{random_word(rng, 4)}-{rng.randrange(1000, 10000)}" for _ in range(depth - 1)]
    return "/" + "/".join(segments)


def wait_for_new_line(server, offset, method, path, timeout=3.0):
    """Wait for the log line of a request to a non-unique path (/ or /echo) written after offset."""
    pattern = re.compile(line_pattern(method, path))
    deadline = time.monotonic() + timeout
    while True:
        logs = server.logs()
        start = offset if len(logs) >= offset else 0
        match = pattern.search(logs, start)
        if match:
            return match
        if time.monotonic() > deadline:
            tail = logs[start:][-2000:] or "(nothing was written)"
            pytest.fail(
                f"expected a log line '[{method}] {path} - <ISO 8601 UTC timestamp>' for the request,"
                f" none found; the server's output since the request:\n{tail}"
            )
        time.sleep(0.05)


@pytest.mark.public
@pytest.mark.points(1)
def test_root_answers_ok(client):
    """GET / answers 200 with {"message": "ok"}"""
    response = client.get("/")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("message") == "ok", (
        f'GET / must answer {{"message": "ok"}}, got {body!r}'
    )


@pytest.mark.public
@pytest.mark.points(1)
def test_echo_returns_body(client, rng):
    """POST /echo answers 200 with the JSON body it received"""
    payload = {
        "name": random_word(rng),
        "count": rng.randrange(1, 10_000),
        "tags": [random_word(rng, 4) for _ in range(rng.randint(1, 3))],
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
    response = client.get("/")
    assert_status(response, 200)
    wait_for_new_line(server, offset, "GET", "/")


@pytest.mark.points(2)
def test_unknown_route_is_logged(client, server, rng):
    """a request to an unknown route answers 404 and is logged with its exact path"""
    path = unique_path(rng, depth=rng.randint(1, 3))
    response = client.get(path)
    assert_status(response, 404)
    server.wait_for_log(line_pattern("GET", path))


@pytest.mark.points(2)
def test_query_string_is_not_logged(client, server, rng):
    """PATH in the log line has no query string"""
    path = unique_path(rng)
    query = {random_word(rng, 3): random_word(rng, 5), "page": str(rng.randint(2, 99))}
    client.get(path, params=query)
    server.wait_for_log(line_pattern("GET", path))

    offset = len(server.logs())
    response = client.get("/", params={"ref": random_word(rng, 5)})
    assert_status(response, 200)
    wait_for_new_line(server, offset, "GET", "/")


@pytest.mark.points(1)
def test_echo_request_is_logged(client, server, rng):
    """POST /echo writes the line "[POST] /echo - <timestamp>" """
    offset = len(server.logs())
    response = client.post("/echo", json={"id": rng.randrange(10**6)})
    assert_status(response, 200)
    wait_for_new_line(server, offset, "POST", "/echo")


@pytest.mark.points(2)
def test_every_method_is_logged(client, server, rng):
    """PUT, DELETE and PATCH requests are logged with the method in upper case"""
    methods = ["PUT", "DELETE", "PATCH"]
    rng.shuffle(methods)
    for method in methods:
        path = unique_path(rng, depth=2)
        client.request(method, path, json={"x": 1} if method != "DELETE" else None)
        server.wait_for_log(line_pattern(method, path))


@pytest.mark.points(2)
def test_timestamp_is_current_utc(client, server):
    """TIMESTAMP is ISO 8601 in UTC and is the time of the request"""
    offset = len(server.logs())
    before = time.time()
    response = client.get("/")
    after = time.time()
    assert_status(response, 200)
    match = wait_for_new_line(server, offset, "GET", "/")
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
    for _ in range(count):
        assert_status(client.get("/"), 200)
    # A last, different request: once its line is there, the lines of the earlier ones are too.
    assert_status(client.post("/echo", json={"last": True}), 200)
    sentinel = wait_for_new_line(server, offset, "POST", "/echo")
    logs = server.logs()
    start = offset if len(logs) >= offset else 0
    lines = re.findall(line_pattern("GET", "/"), logs[start : sentinel.start()])
    assert len(lines) == count, (
        f"sent GET / {count} times, found {len(lines)} '[GET] / - ...' log lines for them"
    )
