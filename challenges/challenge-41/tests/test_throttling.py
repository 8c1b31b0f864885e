"""Hidden suite for challenge-41, Request Throttling: a sliding window per API key in Redis, shared
by two replicas of the server.

Every check uses its own random API keys, so checks do not share allowances. Timed checks compare
what the grader saw around each request (sent / answered, monotonic seconds), never the server's
clock, and keep every request far from a window edge: a correct limiter passes however slow the
machine, and a wrong one cannot pass by luck of timing.
"""

import math
import string
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from grader.testing import assert_error, json_body, sleep_until

MARGIN = 0.35  # seconds waited beyond a window edge: timer granularity and request latency


def limits(config):
    env = config["env"]
    return int(env["RATE_LIMIT"]), int(env["RATE_WINDOW_MS"]) / 1000


def random_keys(rng, count):
    keys = set()
    while len(keys) < count:
        keys.add("key-" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(16)))
    return sorted(keys)


class Timed:
    """A response with the grader's monotonic times around it: the server handled it in between."""

    def __init__(self, client, key):
        self.sent = time.monotonic()
        self.response = client.get("/api/data", headers={"X-API-Key": key} if key is not None else None)
        self.answered = time.monotonic()

    @property
    def status(self):
        return self.response.status_code


def assert_allowed(response, what):
    assert response.status_code == 200, f"{what}: expected status 200, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and body.get("ok") is True, f'{what}: expected {{"ok": true}}, got {body!r}'


def assert_limited(response, what):
    assert_error(response, 429, what)


def hit(replicas, n, key):
    """Request number n (from 0) of a series: alternates between the replicas."""
    return Timed(replicas[n % len(replicas)], key)


def burst(replicas, key, count, what, start=0):
    """`count` allowed requests alternating between the replicas; returns the Timed of each."""
    done = []
    for n in range(count):
        t = hit(replicas, start + n, key)
        assert_allowed(t.response, f"{what}: request {n + 1} of {count} (replica {(start + n) % len(replicas)})")
        done.append(t)
    return done


def header_int(response, name, what):
    value = response.headers.get(name)
    assert value is not None, f"{what}: the response must carry a {name} header"
    assert value.strip().isdigit(), f"{what}: {name} must be a whole number, got {value!r}"
    return int(value)


@pytest.mark.public
@pytest.mark.points(1)
def test_allowed_request(client, rng):
    """GET /api/data with an X-API-Key answers 200 {"ok": true}"""
    (key,) = random_keys(rng, 1)
    assert_allowed(client.get("/api/data", headers={"X-API-Key": key}), f"GET /api/data with X-API-Key: {key}")


@pytest.mark.public
@pytest.mark.points(1)
def test_missing_key_is_401(client):
    """GET /api/data without X-API-Key answers 401 with a JSON error"""
    assert_error(client.get("/api/data"), 401, "GET /api/data without X-API-Key")


@pytest.mark.public
@pytest.mark.points(2)
def test_limit_reached(client, config, rng):
    """RATE_LIMIT requests are allowed and the next one answers 429 with a JSON error"""
    limit, _ = limits(config)
    (key,) = random_keys(rng, 1)
    burst([client], key, limit, f"key {key} on one replica")
    assert_limited(Timed(client, key).response, f"key {key}: request {limit + 1} (over the limit of {limit})")


@pytest.mark.public
@pytest.mark.points(3)
def test_limit_shared_by_replicas(replicas, config, rng):
    """the limit holds across both replicas: RATE_LIMIT requests in all, then 429 on either"""
    assert len(replicas) == 2, f"the grader should run two replicas, got {len(replicas)}"
    limit, _ = limits(config)
    (key,) = random_keys(rng, 1)
    burst(replicas, key, limit, f"key {key}, alternating replicas")
    for n, replica in enumerate(replicas):
        assert_limited(Timed(replica, key).response, (
            f"key {key}: request {limit + 1 + n} on replica {n}, after {limit} requests spread over both "
            f"replicas (the count must be shared, in Redis)"
        ))


@pytest.mark.public
@pytest.mark.points(2)
def test_rate_limit_headers(replicas, config, rng):
    """X-RateLimit-Limit and X-RateLimit-Remaining count down across both replicas, 0 on a 429"""
    limit, _ = limits(config)
    (key,) = random_keys(rng, 1)
    for n, t in enumerate(burst(replicas, key, limit, f"key {key}")):
        what = f"key {key}: the 200 of request {n + 1} (replica {n % 2})"
        assert header_int(t.response, "X-RateLimit-Limit", what) == limit, (
            f"{what}: X-RateLimit-Limit must be RATE_LIMIT = {limit}"
        )
        remaining = header_int(t.response, "X-RateLimit-Remaining", what)
        assert remaining == limit - n - 1, (
            f"{what}: X-RateLimit-Remaining must be {limit - n - 1} ({n + 1} of {limit} used on both replicas), "
            f"got {remaining}"
        )
    t = hit(replicas, limit, key)
    what = f"key {key}: the 429 of request {limit + 1}"
    assert_limited(t.response, what)
    assert header_int(t.response, "X-RateLimit-Limit", what) == limit, f"{what}: X-RateLimit-Limit must be {limit}"
    assert header_int(t.response, "X-RateLimit-Remaining", what) == 0, f"{what}: X-RateLimit-Remaining must be 0"


@pytest.mark.points(2)
def test_other_key_unaffected(replicas, config, rng):
    """another API key keeps its own allowance while one key is limited"""
    limit, _ = limits(config)
    first, second = random_keys(rng, 2)
    burst(replicas, first, limit, f"key {first}")
    assert_limited(hit(replicas, limit, first).response, f"key {first}: request {limit + 1}")
    burst(replicas, second, limit, f"key {second} (while {first} is limited)", start=1)
    assert_limited(hit(replicas, limit + 1, second).response, f"key {second}: request {limit + 1}")
    assert_limited(hit(replicas, 0, first).response, f"key {first}: still limited")


@pytest.mark.points(2)
def test_retry_after_then_allowed(replicas, config, rng):
    """a 429 carries Retry-After (1 to the window, rounded up); after waiting it, a request is allowed"""
    limit, window = limits(config)
    (key,) = random_keys(rng, 1)
    burst(replicas, key, limit, f"key {key}")
    t = hit(replicas, limit, key)
    assert_limited(t.response, f"key {key}: request {limit + 1}")
    seconds = header_int(t.response, "Retry-After", f"key {key}: the 429")
    upper = math.ceil(window)
    assert 1 <= seconds <= upper, (
        f"key {key}: Retry-After must be between 1 and {upper} (the window is {window:g} s), got {seconds}"
    )
    sleep_until(t.answered + seconds + 0.1)
    assert_allowed(hit(replicas, limit + 1, key).response,
                   f"key {key}: a request {seconds} s (the Retry-After) after the 429")


@pytest.mark.points(2)
def test_retry_after_follows_oldest_request(replicas, config, rng):
    """Retry-After counts down to when the oldest allowed request leaves the window"""
    limit, window = limits(config)
    (key,) = random_keys(rng, 1)
    (first,) = burst(replicas, key, 1, f"key {key}")
    sleep_until(first.answered + window / 4)
    burst(replicas, key, limit - 1, f"key {key}, {window / 4:g} s later", start=1)
    # Ask when the oldest request has k + 0.5 s left (k whole, 1 unless the machine is very slow):
    # rounding up and rounding down then differ with the widest margin, however long the burst
    # took (sent at once, a slow burst could leave it just past a whole second, where the clock
    # slack below accepts either), and neither equals the whole window.
    left = first.answered + window - time.monotonic()
    sleep_until(first.answered + window - (max(0, math.floor(left - 0.5)) + 0.5))
    t = hit(replicas, limit, key)
    assert_limited(t.response, f"key {key}: request {limit + 1}")
    seconds = header_int(t.response, "Retry-After", f"key {key}: the 429")
    # The oldest request leaves the window between these two bounds (server time lies between
    # what the grader saw); rounded up, with a little slack for clocks.
    earliest = first.sent + window - t.answered
    latest = first.answered + window - t.sent
    low, high = max(1, math.ceil(earliest - 0.25)), max(1, math.ceil(latest + 0.25))
    assert low <= seconds <= high, (
        f"key {key}: the oldest request in the window leaves it in {earliest:.2f} to {latest:.2f} s, "
        f"so Retry-After must be {low if low == high else f'{low} to {high}'}, got {seconds}"
    )


@pytest.mark.points(4)
def test_window_slides(replicas, config, rng):
    """the window slides: when the oldest request leaves it, exactly one more is allowed (no fixed window)"""
    limit, window = limits(config)
    (key,) = random_keys(rng, 1)
    (first,) = burst(replicas, key, 1, f"key {key} at t=0")
    sleep_until(first.answered + window / 2)
    later = burst(replicas, key, limit - 1, f"key {key} at t={window / 2:g} s", start=1)
    assert_limited(hit(replicas, limit, key).response, (
        f"key {key}: request {limit + 1} at t={window / 2:g} s: {limit} requests were allowed in the last "
        f"{window:g} s (1 at t=0, {limit - 1} at t={window / 2:g} s)"
    ))
    # Once the request of t=0 has left the window, and well before the others do: one slot.
    sleep_until(first.answered + window + MARGIN)
    assert_allowed(hit(replicas, limit + 1, key).response, (
        f"key {key}: a request at t={window + MARGIN:g} s, after the request of t=0 left the {window:g} s window"
    ))
    t = hit(replicas, limit + 2, key)
    assert later[0].sent + window > t.answered, "the machine is too slow for this check's timing"  # not the candidate's fault
    assert_limited(t.response, (
        f"key {key}: the next request at t={t.sent - first.sent:.2f} s: the {limit - 1} requests of t={window / 2:g} s "
        f"and the one just allowed are still within the last {window:g} s (a sliding window, not a fixed one "
        f"that resets)"
    ))


@pytest.mark.points(2)
def test_refused_requests_do_not_count(replicas, config, rng):
    """after the window, RATE_LIMIT requests are allowed again, however many 429s came meanwhile"""
    limit, window = limits(config)
    (key,) = random_keys(rng, 1)
    allowed = burst(replicas, key, limit, f"key {key}")
    sleep_until(allowed[-1].answered + window / 2)
    for n in range(limit):
        assert_limited(hit(replicas, n, key).response, f"key {key}: a request {window / 2:g} s into the window")
    sleep_until(allowed[-1].answered + window + MARGIN)
    burst(replicas, key, limit, (
        f"key {key}: after the {window:g} s window of its allowed requests (the 429s in between must not count)"
    ))
    assert_limited(hit(replicas, limit, key).response, f"key {key}: request {limit + 1} of the new window")


@pytest.mark.points(1)
def test_counts_live_in_redis(replicas, redis_client, config, rng):
    """the counts are kept in the grader's Redis: emptying it lifts a key's limit"""
    limit, _ = limits(config)
    (key,) = random_keys(rng, 1)
    burst(replicas, key, limit, f"key {key}")
    assert_limited(hit(replicas, limit, key).response, f"key {key}: request {limit + 1}")
    assert redis_client.dbsize() > 0, "after requests with an API key, Redis (REDIS_URL) holds no key at all"
    redis_client.flushdb()
    assert_allowed(hit(replicas, limit + 1, key).response, (
        f"key {key}: a request right after the grader emptied Redis (the counts must live there, not in memory)"
    ))


@pytest.mark.points(2)
def test_concurrent_requests_never_exceed_limit(server, config, rng):
    """concurrent requests to both replicas never get more than RATE_LIMIT allowed"""
    limit, _ = limits(config)
    (key,) = random_keys(rng, 1)
    urls = list(server.replica_urls)
    total = 4 * limit

    def one(n):
        with httpx.Client(base_url=urls[n % len(urls)], timeout=10.0) as c:
            return c.get("/api/data", headers={"X-API-Key": key}).status_code

    with ThreadPoolExecutor(max_workers=2 * limit) as pool:
        statuses = list(pool.map(one, range(total)))
    allowed = statuses.count(200)
    assert set(statuses) <= {200, 429}, f"every answer must be 200 or 429, got {sorted(set(statuses))}"
    assert 1 <= allowed <= limit, (
        f"{total} concurrent requests with one key over {len(urls)} replicas: {allowed} were allowed, "
        f"at most RATE_LIMIT = {limit} may be (check and count atomically)"
    )
