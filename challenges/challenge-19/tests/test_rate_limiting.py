"""Hidden suite for challenge-19, Rate Limiting: per-client limits with a window from the environment.

Every check uses its own random X-Forwarded-For addresses, so checks do not share allowances.
"""

import math
import time

import pytest

from grader.testing import assert_fields, json_body, sleep_until

MARGIN = 0.3  # seconds waited beyond a window, for timer granularity and request latency


def limits(config):
    env = config["env"]
    return int(env["RATE_LIMIT_MAX"]), int(env["RATE_LIMIT_WINDOW_MS"])


def random_ips(rng, count):
    ips = set()
    while len(ips) < count:
        ips.add(f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")
    ips = sorted(ips)
    rng.shuffle(ips)
    return ips


def hit(client, forwarded=None, path="/api/resource"):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else None
    return client.get(path, headers=headers)


def assert_allowed(response, what):
    assert response.status_code == 200, f"{what}: expected status 200, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and body.get("ok") is True, f'{what}: expected {{"ok": true}}, got {body!r}'


def assert_limited(response, what):
    assert response.status_code == 429, f"{what}: expected status 429, got {response.status_code}"


def assert_limited_body(response, what):
    """The 429's error body: asserted in its own check only, so its lack costs one check."""
    assert_limited(response, what)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"].strip(), (
        f'{what}: a 429 body must be {{"error": <non-empty string>}}, got {body!r}'
    )


def retry_after(response, window_ms, what, required=True):
    """The Retry-After of a 429, checked to be a whole number in [1, ceil(window)]. Its presence is
    its own check's subject; other checks pass required=False and read it only when given."""
    value = response.headers.get("retry-after")
    if value is None and not required:
        return None
    assert value is not None, f"{what}: a 429 must carry a Retry-After header"
    assert value.strip().isdigit(), f"{what}: Retry-After must be a whole number of seconds, got {value!r}"
    seconds = int(value)
    upper = math.ceil(window_ms / 1000)
    assert 1 <= seconds <= upper, (
        f"{what}: Retry-After must be between 1 and {upper} (the window is {window_ms} ms), got {seconds}"
    )
    return seconds


def use_up(client, forwarded, limit, what):
    """`limit` allowed requests, then one refused; returns the 429 response."""
    for n in range(1, limit + 1):
        assert_allowed(hit(client, forwarded), f"{what}: request {n} of {limit} allowed")
    response = hit(client, forwarded)
    assert_limited(response, f"{what}: request {limit + 1} (over the limit of {limit})")
    return response


def drain(client, forwarded, limit, what):
    """Requests until the first 429 (at most limit + 3): (how many were allowed, the 429).

    Checks other than its own check compare allowances with each other instead of with
    RATE_LIMIT_MAX, so a limit that is off by one costs that check, not every check of who is a
    client, what is counted, or when the window ends."""
    for n in range(limit + 3):
        response = hit(client, forwarded)
        if response.status_code == 429:
            return n, response
        assert_allowed(response, f"{what}: request {n + 1}")
    raise AssertionError(f"{what}: {limit + 3} requests were allowed, none answered 429 (the limit is {limit})")


def configured_offset(client, config, ip):
    """How far the server's allowance is from the configured RATE_LIMIT_MAX (0 when right): the
    environment checks compare with it, as the exact count is its own check's subject."""
    limit, _ = limits(config)
    allowed, _ = drain(client, ip, limit, f"client {ip} (configured limit {limit})")
    return allowed - limit


@pytest.mark.public
@pytest.mark.points(1)
def test_resource_ok(client, rng):
    """GET /api/resource answers 200 {"ok": true}"""
    (ip,) = random_ips(rng, 1)
    assert_allowed(hit(client, ip), "GET /api/resource")


@pytest.mark.public
@pytest.mark.points(2)
def test_limit_reached(client, config, rng):
    """RATE_LIMIT_MAX requests are allowed and the next one answers 429 with an error"""
    limit, _ = limits(config)
    (ip,) = random_ips(rng, 1)
    response = use_up(client, ip, limit, f"client {ip}")
    assert_limited_body(response, f"client {ip}: request {limit + 1}")


@pytest.mark.public
@pytest.mark.points(1)
def test_retry_after(client, config, rng):
    """a 429 carries Retry-After: whole seconds between 1 and the window length"""
    limit, window_ms = limits(config)
    (ip,) = random_ips(rng, 1)
    _, response = drain(client, ip, limit, f"client {ip}")
    retry_after(response, window_ms, f"client {ip}: the 429")


@pytest.mark.points(2)
def test_clients_are_separate(client, config, rng):
    """each client has its own allowance: one being limited does not affect another"""
    limit, _ = limits(config)
    first, second = random_ips(rng, 2)
    allowance, _ = drain(client, first, limit, f"client {first}")
    assert allowance >= 1, f"client {first}: its first request was refused"
    other, _ = drain(client, second, limit, f"client {second} (after {first} was limited)")
    assert other == allowance, (
        f"client {second} was allowed {other} requests after {first} had used its {allowance}: "
        "each client must have its own allowance"
    )
    assert_limited(hit(client, first), f"client {first}: still limited")


@pytest.mark.points(2)
def test_first_forwarded_address(client, config, rng):
    """the client is the first X-Forwarded-For address, whatever proxies follow it"""
    limit, _ = limits(config)
    origin, proxy, other_proxy, other = random_ips(rng, 4)
    drain(client, f"{origin}, {proxy}", limit, f"X-Forwarded-For: {origin}, {proxy}")
    for header in (f"{origin}, {other_proxy}", f"{origin},{proxy}"):
        assert_limited(hit(client, header),
                       f"X-Forwarded-For: {header} (same first address {origin}, already limited)")
    for header in (f"{other}, {proxy}", proxy):
        assert_allowed(hit(client, header), f"X-Forwarded-For: {header} (another client)")


@pytest.mark.points(2)
def test_health_not_limited(client, config, rng):
    """/health is neither limited nor counted against the client's allowance"""
    limit, _ = limits(config)
    ip, fresh = random_ips(rng, 2)
    allowance, _ = drain(client, fresh, limit, f"client {fresh} (no GET /health)")
    for n in range(1, limit + 3):
        response = hit(client, ip, "/health")
        assert response.status_code == 200, (
            f"GET /health number {n} from {ip}: expected 200 (never limited), got {response.status_code}"
        )
        assert_fields(response, {"status": "ok"})
    counted, _ = drain(client, ip, limit, f"client {ip} after {limit + 2} GET /health")
    assert counted == allowance, (
        f"after {limit + 2} GET /health client {ip} was allowed {counted} requests, a client without them "
        f"{allowance}: /health must not count"
    )


@pytest.mark.points(3)
def test_window_resets(client, config, rng):
    """after the window the client may make RATE_LIMIT_MAX requests again, even after 429s in it"""
    limit, window_ms = limits(config)
    window = window_ms / 1000
    (ip,) = random_ips(rng, 1)
    allowance, _ = drain(client, ip, limit, f"client {ip}")
    assert allowance >= 1, f"client {ip}: its first request was refused"
    last_allowed = time.monotonic()
    # Refused requests in the middle of the window must not extend it.
    sleep_until(last_allowed + 0.4 * window)
    for _ in range(limit):
        assert_limited(hit(client, ip), f"client {ip}: a request {0.4 * window:.1f}s into the window")
    sleep_until(last_allowed + window + MARGIN)
    for n in range(1, allowance + 1):
        assert_allowed(hit(client, ip), (
            f"client {ip}: request {n} of {allowance} after the {window_ms} ms window ended "
            f"(the 429s during the window must not extend it)"
        ))
    assert_limited(hit(client, ip), f"client {ip}: request {allowance + 1} of the new window")


@pytest.mark.points(2)
def test_limit_from_environment(client, server, config, rng):
    """RATE_LIMIT_MAX and RATE_LIMIT_WINDOW_MS follow the environment, also in Retry-After"""
    limit = rng.choice([3, 4, 6, 7, 8])
    window_ms = rng.randint(20, 40) * 1000 + rng.randint(0, 999)
    ip, before = random_ips(rng, 2)
    offset = configured_offset(client, config, before)
    server.restart(env={"RATE_LIMIT_MAX": str(limit), "RATE_LIMIT_WINDOW_MS": str(window_ms)})
    allowed, response = drain(client, ip, limit, f"RATE_LIMIT_MAX={limit}, client {ip}")
    assert allowed - limit == offset, (
        f"with RATE_LIMIT_MAX={limit} client {ip} was allowed {allowed} requests; with the configured "
        f"{limits(config)[0]} a client is allowed {limits(config)[0] + offset}: the limit must follow RATE_LIMIT_MAX"
    )
    seconds = retry_after(response, window_ms, f"RATE_LIMIT_WINDOW_MS={window_ms}: the 429", required=False)
    assert seconds is None or seconds >= window_ms // 1000 - 2, (
        f"RATE_LIMIT_WINDOW_MS={window_ms}: right after the burst the client must wait about "
        f"{window_ms / 1000:.0f}s, but Retry-After says {seconds}"
    )


@pytest.mark.points(1)
def test_defaults(client, server, config, rng):
    """without the variables the limit is 5 requests per 60 seconds"""
    ip, before = random_ips(rng, 2)
    offset = configured_offset(client, config, before)
    server.restart(env={"RATE_LIMIT_MAX": None, "RATE_LIMIT_WINDOW_MS": None})
    allowed, response = drain(client, ip, 5, f"defaults, client {ip}")
    assert allowed - 5 == offset, (
        f"without RATE_LIMIT_MAX client {ip} was allowed {allowed} requests, 5 + {offset} expected "
        f"(a client is allowed {limits(config)[0] + offset} with the configured {limits(config)[0]})"
    )
    seconds = retry_after(response, 60000, "defaults: the 429", required=False)
    assert seconds is None or seconds >= 55, f"with the default one-minute window Retry-After must be about 60, got {seconds}"


@pytest.mark.points(1)
def test_connection_address(client, config):
    """without X-Forwarded-For the client is the connection's address"""
    limit, _ = limits(config)
    # The grader's readiness probe (GET / from the same address, without X-Forwarded-For) may have
    # counted against this client when the server limits every route: tolerate one request less.
    allowed = 0
    for n in range(1, limit + 2):
        response = hit(client)
        if response.status_code != 200:
            break
        assert_allowed(response, f"request {n} without X-Forwarded-For")
        allowed += 1
    assert_limited(response, f"request {allowed + 1} without X-Forwarded-For (the limit is {limit})")
    assert allowed >= limit - 1, (
        f"without X-Forwarded-For only {allowed} requests were allowed before a {response.status_code}; "
        f"the limit is {limit}"
    )
