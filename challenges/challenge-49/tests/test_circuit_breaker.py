"""Hidden suite for challenge-49, Circuit Breaker: GET /prices/:sku through a breaker in front of a
pricing-service (a fake upstream the grader runs and controls), with its state at GET /breaker.

Every check starts from a fresh server (`server.restart()`: a closed breaker, an empty fallback
cache). Timed checks never decide a verdict by a race with the open window: a request the
upstream received is judged by the upstream's own log time against the earliest moment a correct
breaker may let it through (the window counted from the request that opened it), and waits for
half-open are counted from the moment the suite saw the opening answer. A slow machine can only
make a correct server look correct; a breaker that calls the upstream while open is caught as
soon as it does.
"""

import threading
import time
from pathlib import Path

import pytest

from grader.testing import assert_error, json_body, load_module, sleep_until

PRICING = "pricing-service"
STATES = ("closed", "open", "half-open")
TIMER_SLACK = 0.05  # seconds a correct breaker's timer may run early (clock granularity)
MARGIN = 0.15  # seconds waited beyond a window edge before expecting half-open


pricing = load_module(Path(__file__).resolve().parent.parent / "upstreams" / "pricing.py", "challenge49_pricing")


def settings(config):
    env = config["env"]
    return int(env["BREAKER_FAILURE_THRESHOLD"]), int(env["BREAKER_OPEN_MS"]) / 1000


def sku(rng):
    return f"SKU-{rng.randint(1, 999_999)}"


def unknown_sku(rng):
    return f"NOPE-{rng.randint(1, 999_999)}"


def get_price(client, code):
    """The response and the suite's monotonic time when it arrived."""
    response = client.get(f"/prices/{code}")
    return response, time.monotonic()


def calls(upstream, code=None):
    """The requests the pricing-service received (for one sku when given), oldest first."""
    got = [r for r in upstream.requests() if r["path"].startswith("/prices/")]
    return [r for r in got if r["path"] == f"/prices/{code}"] if code is not None else got


def breaker(client, what):
    response = client.get("/breaker")
    assert response.status_code == 200, f"{what}: GET /breaker: expected status 200, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and body.get("state") in STATES, (
        f'{what}: GET /breaker must answer {{"state": "closed"|"open"|"half-open", "failures": <int>}}, got {body!r}'
    )
    return body


def assert_state(client, state, what, failures=None):
    body = breaker(client, what)
    assert body["state"] == state, f'{what}: the breaker must be "{state}", GET /breaker says {body["state"]!r}'
    if failures is not None:
        assert body.get("failures") == failures, (
            f'{what}: GET /breaker must count {failures} consecutive failure(s), says "failures": {body.get("failures")!r}'
        )


def assert_open(client, since, window, what):
    """The breaker reports "open", `since` being a moment no later than the failure that opened
    it. Asked so late that a correct breaker may already be half-open (a very slow machine),
    either state is accepted: the verdict never depends on that race."""
    asked = time.monotonic()
    body = breaker(client, what)
    allowed = ("open",) if asked < since + window - TIMER_SLACK else ("open", "half-open")
    assert body["state"] in allowed, f'{what}: the breaker must be "open", GET /breaker says {body["state"]!r}'


def assert_live(response, code, what):
    """An answer of the pricing-service itself (not the fallback)."""
    assert response.status_code == 200, f"{what}: expected the service's price (200), got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and body.get("fallback") is not True, (
        f"{what}: expected the pricing-service's answer, got the fallback {body!r}"
    )
    expected = pricing.price(code)
    assert body.get("price") == expected["price"], f"{what}: price must be {expected['price']}, got {body.get('price')!r}"


def assert_fallback(response, what):
    """The fallback, either form (the checks of the fallback itself fix which one)."""
    assert response.status_code in (200, 503), f"{what}: expected the fallback (200 or 503), got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and body.get("fallback") is True, (
        f'{what}: expected the fallback (a body with "fallback": true), got {body!r}'
    )


def open_breaker(client, upstream, rng, threshold, what):
    """Make `threshold` consecutive calls fail (500): the breaker opens. Returns the upstream's
    log time of the last failed call (a correct breaker opened no earlier) and the suite's time of
    its answer (a correct breaker opened no later)."""
    upstream.respond_with(500)
    answered = None
    for n in range(threshold):
        response, answered = get_price(client, sku(rng))
        assert_fallback(response, f"{what}: failed call {n + 1} of {threshold}")
    got = calls(upstream)
    assert len(got) == threshold, (
        f"{what}: {threshold} calls while closed must all reach the pricing-service, it received {len(got)}"
    )
    return got[-1]["time"], answered


def assert_no_call_before(upstream, skip, earliest, window, what):
    """None of the calls after the first `skip` reached the service before `earliest`."""
    early = [r for r in calls(upstream)[skip:] if r["time"] < earliest - TIMER_SLACK]
    assert not early, (
        f"{what}: while open the breaker must not call the pricing-service for {window:g} s, but it received "
        f"{', '.join(r['path'] for r in early)}"
    )


def wait_for_half_open(client, upstream, rng, threshold, window, healthy=True):
    """Open the breaker, make the service healthy again (its log emptied) unless `healthy` is
    False, and wait until a correct breaker is half-open (the window counted from the opening
    answer). Returns when it is."""
    _, answered = open_breaker(client, upstream, rng, threshold, "opening the breaker")
    if healthy:
        upstream.reset()
    sleep_until(answered + window + MARGIN)


@pytest.mark.public
@pytest.mark.points(2)
def test_proxies_price(client, server, upstreams, rng):
    """GET /prices/:sku answers the pricing-service's price with "fallback": false"""
    server.restart()
    code = sku(rng)
    response, _ = get_price(client, code)
    assert response.status_code == 200, f"GET /prices/{code}: expected status 200, got {response.status_code}"
    body = json_body(response)
    expected = pricing.price(code)
    assert isinstance(body, dict) and body.get("sku") == code and body.get("price") == expected["price"], (
        f"GET /prices/{code}: expected sku {code!r} and price {expected['price']} as the service answered, got {body!r}"
    )
    assert body.get("fallback") is False, f'GET /prices/{code}: a live answer must say "fallback": false, got {body!r}'
    assert calls(upstreams[PRICING], code), f"the pricing-service was never asked for /prices/{code}"


@pytest.mark.public
@pytest.mark.points(1)
def test_unknown_sku_is_404(client, server, rng):
    """an sku the pricing-service does not know answers 404 with a JSON error"""
    server.restart()
    code = unknown_sku(rng)
    response, _ = get_price(client, code)
    assert_error(response, 404, f"GET /prices/{code} (the service answers 404)")


@pytest.mark.public
@pytest.mark.points(1)
def test_breaker_endpoint(client, server, upstreams, rng):
    """GET /breaker reports a closed breaker and counts a failure"""
    server.restart()
    assert_state(client, "closed", "a fresh server", failures=0)
    upstreams[PRICING].fail_next(1)
    get_price(client, sku(rng))
    assert_state(client, "closed", "after one failed call", failures=1)


@pytest.mark.public
@pytest.mark.points(3)
def test_opens_after_threshold(client, server, upstreams, config, rng):
    """the breaker opens after BREAKER_FAILURE_THRESHOLD consecutive failures, not one before"""
    threshold, window = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    upstream.respond_with(500)
    for _ in range(threshold - 1):
        get_price(client, sku(rng))
    assert_state(client, "closed", f"after {threshold - 1} failures (threshold {threshold})", failures=threshold - 1)
    get_price(client, sku(rng))
    got = calls(upstream)
    assert len(got) == threshold, (
        f"all {threshold} calls made while closed must reach the pricing-service, it received {len(got)}"
    )
    assert_open(client, got[-1]["time"], window, f"after {threshold} consecutive failures (threshold {threshold})")


@pytest.mark.points(4)
def test_open_short_circuits(client, server, upstreams, config, rng):
    """while open, requests get the fallback at once without calling the pricing-service"""
    threshold, window = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    opened, _ = open_breaker(client, upstream, rng, threshold, "opening the breaker")
    for n in range(3):
        code = sku(rng)
        response, _ = get_price(client, code)
        assert_fallback(response, f"GET /prices/{code} while open (request {n + 1})")
    assert_no_call_before(upstream, threshold, opened + window, window, "3 requests right after opening")


@pytest.mark.points(2)
def test_fallback_serves_last_known_price(client, server, upstreams, config, rng):
    """the fallback answers 200 with the last price the service gave for that sku, "fallback": true"""
    threshold, _ = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    code = sku(rng)
    assert_live(get_price(client, code)[0], code, f"GET /prices/{code}")
    expected = pricing.price(code)["price"]
    upstream.respond_with(503)
    for n in range(threshold + 1):  # failed calls while closed, then one while open
        response, _ = get_price(client, code)
        what = f"GET /prices/{code} after a price was known, call {n + 1} with the service failing"
        assert response.status_code == 200, f"{what}: the fallback with a known price must be 200, got {response.status_code}"
        body = json_body(response)
        assert isinstance(body, dict) and body.get("price") == expected and body.get("fallback") is True, (
            f'{what}: expected the last known price {expected} with "fallback": true, got {body!r}'
        )


@pytest.mark.public
@pytest.mark.points(1)
def test_fallback_without_price_is_503(client, server, upstreams, rng):
    """the fallback for an sku without a known price is 503 {"error", "fallback": true}"""
    server.restart()
    upstreams[PRICING].respond_with(500)
    code = sku(rng)
    response, _ = get_price(client, code)
    body = assert_error(response, 503, f"GET /prices/{code}, service failing, no known price")
    assert body.get("fallback") is True, f'GET /prices/{code}: the 503 body must also say "fallback": true, got {body!r}'


@pytest.mark.points(2)
def test_success_resets_failure_count(client, server, upstreams, config, rng):
    """a success resets the count: failures that are not consecutive never open the breaker"""
    threshold, _ = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    code = sku(rng)
    for round_ in range(2):
        upstream.fail_next(threshold - 1)
        for _ in range(threshold - 1):
            get_price(client, code)
        assert_live(get_price(client, code)[0], code, f"GET /prices/{code} after {threshold - 1} failures (round {round_ + 1})")
        assert_state(client, "closed", f"after {threshold - 1} failures and a success", failures=0)
    assert len(calls(upstream, code)) == 2 * threshold, (
        f"every call must reach the pricing-service while the breaker is closed: expected {2 * threshold}, "
        f"it received {len(calls(upstream, code))}"
    )


@pytest.mark.points(2)
def test_4xx_is_not_a_failure(client, server, upstreams, config, rng):
    """a 404 from the service is an answer, not a failure: it never opens the breaker"""
    threshold, _ = settings(config)
    server.restart()
    code = unknown_sku(rng)
    for n in range(threshold + 1):
        response, _ = get_price(client, code)
        assert response.status_code == 404, f"GET /prices/{code} (call {n + 1}): expected the service's 404, got {response.status_code}"
    assert len(calls(upstreams[PRICING], code)) == threshold + 1, (
        f"{threshold + 1} requests for an unknown sku must all reach the pricing-service, it received "
        f"{len(calls(upstreams[PRICING], code))}"
    )
    assert_state(client, "closed", f"after {threshold + 1} answers 404", failures=0)


@pytest.mark.public
@pytest.mark.points(3)
def test_half_open_after_window(client, server, upstreams, config, rng):
    """once BREAKER_OPEN_MS has passed the breaker is half-open and the next request reaches the service"""
    threshold, window = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    wait_for_half_open(client, upstream, rng, threshold, window)
    assert_state(client, "half-open", f"{window + MARGIN:g} s after opening (BREAKER_OPEN_MS {window * 1000:g})")
    code = sku(rng)
    response, _ = get_price(client, code)
    assert calls(upstream, code), f"GET /prices/{code} when half-open: the trial call never reached the pricing-service"
    assert_live(response, code, f"GET /prices/{code} when half-open, the service healthy")


@pytest.mark.points(2)
def test_half_open_lets_one_trial(client, server, upstreams, config, rng):
    """when half-open only one trial call goes through; others get the fallback until it ends"""
    threshold, window = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    wait_for_half_open(client, upstream, rng, threshold, window)
    trial_delay = 0.8  # below UPSTREAM_TIMEOUT_MS: the trial succeeds, late
    upstream.delay(trial_delay)
    trial_code, other = sku(rng), sku(rng)
    trial = {}

    def call():
        trial["response"], trial["answered"] = get_price(client, trial_code)

    worker = threading.Thread(target=call)
    worker.start()
    try:
        deadline = time.monotonic() + 3.0
        while not calls(upstream) and time.monotonic() < deadline:
            time.sleep(0.01)
        first = calls(upstream)
        assert first, f"GET /prices/{trial_code} when half-open: the trial never reached the pricing-service"
        others = [get_price(client, other) for _ in range(2)]
    finally:
        worker.join(10)
    assert "response" in trial, "the trial call never returned"
    trial_answer = first[0]["time"] + trial_delay  # the service answered the trial no earlier
    early = [r for r in calls(upstream, other) if r["time"] < trial_answer - TIMER_SLACK]
    assert not early, (
        f"while the trial call was in flight, GET /prices/{other} reached the pricing-service too: "
        f"half-open must let exactly one trial through"
    )
    for n, (response, at) in enumerate(others):
        if at < trial["answered"]:
            assert_fallback(response, f"GET /prices/{other} during the trial (request {n + 1})")


@pytest.mark.points(3)
def test_trial_success_closes(client, server, upstreams, config, rng):
    """a successful trial closes the breaker: count 0, every request reaches the service again"""
    threshold, window = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    wait_for_half_open(client, upstream, rng, threshold, window)
    code = sku(rng)
    get_price(client, code)  # the trial
    assert_state(client, "closed", "after a successful trial", failures=0)
    codes = [sku(rng) for _ in range(3)]
    for c in codes:
        assert_live(get_price(client, c)[0], c, f"GET /prices/{c} after the breaker closed")
    missing = [c for c in codes if not calls(upstream, c)]
    assert not missing, f"after the breaker closed, requests must reach the service; never asked for {missing}"


@pytest.mark.points(3)
def test_trial_failure_reopens(client, server, upstreams, config, rng):
    """a failed trial re-opens the breaker for a fresh window: no call until it ends"""
    threshold, window = settings(config)
    server.restart()
    upstream = upstreams[PRICING]
    wait_for_half_open(client, upstream, rng, threshold, window, healthy=False)  # the service still answers 500
    before = len(calls(upstream))
    code = sku(rng)
    response, _ = get_price(client, code)
    trial = calls(upstream)[before:]
    assert trial, f"GET /prices/{code} when half-open: the trial never reached the pricing-service"
    assert_fallback(response, f"GET /prices/{code}: the trial failed")
    assert_open(client, trial[0]["time"], window, "right after a failed trial")
    for n in range(3):
        c = sku(rng)
        assert_fallback(get_price(client, c)[0], f"GET /prices/{c} after the failed trial (request {n + 1})")
    later = [r for r in calls(upstream)[before + 1:] if r["time"] < trial[0]["time"] + window - TIMER_SLACK]
    assert not later, (
        f"after a failed trial the breaker must stay open for another {window:g} s, but the pricing-service "
        f"received {', '.join(r['path'] for r in later)}"
    )


@pytest.mark.points(2)
def test_settings_from_environment(client, server, upstreams, rng):
    """BREAKER_FAILURE_THRESHOLD and BREAKER_OPEN_MS are read from the environment (2 and 400 ms)"""
    server.restart(env={"BREAKER_FAILURE_THRESHOLD": "2", "BREAKER_OPEN_MS": "400"})
    upstream = upstreams[PRICING]
    opened, answered = open_breaker(client, upstream, rng, 2, "BREAKER_FAILURE_THRESHOLD=2")
    assert_open(client, opened, 0.4, "BREAKER_FAILURE_THRESHOLD=2: after 2 failures")
    get_price(client, sku(rng))
    assert_no_call_before(upstream, 2, opened + 0.4, 0.4, "BREAKER_OPEN_MS=400: a request right after opening")
    upstream.reset()
    sleep_until(answered + 0.4 + MARGIN)
    code = sku(rng)
    response, _ = get_price(client, code)
    assert calls(upstream, code), (
        f"BREAKER_OPEN_MS=400: {0.4 + MARGIN:g} s after opening, GET /prices/{code} must be the trial call, "
        f"the pricing-service never received it"
    )
    assert_live(response, code, f"BREAKER_OPEN_MS=400: the trial GET /prices/{code}")


@pytest.mark.points(1)
def test_connection_errors_count(client, server, upstreams, config, rng):
    """a pricing-service that refuses connections counts as failing and opens the breaker"""
    threshold, window = settings(config)
    server.restart()
    upstreams[PRICING].down()
    for n in range(threshold):
        sent = time.monotonic()  # a refused connection leaves no log: the breaker opened after this
        response, _ = get_price(client, sku(rng))
        assert_fallback(response, f"service down: request {n + 1}")
    assert_open(client, sent, window, f"after {threshold} refused connections")


@pytest.mark.points(2)
def test_timeout_counts(client, server, upstreams, rng):
    """a call slower than UPSTREAM_TIMEOUT_MS (300) is abandoned and counts as a failure"""
    server.restart(env={"UPSTREAM_TIMEOUT_MS": "300"})
    upstreams[PRICING].delay(3.0)
    code = sku(rng)
    started = time.monotonic()
    response, answered = get_price(client, code)
    assert answered - started < 1.5, (
        f"UPSTREAM_TIMEOUT_MS=300, service taking 3 s: the answer came after {answered - started:.2f} s"
    )
    assert_fallback(response, f"GET /prices/{code}, the service slower than the timeout")
    assert_state(client, "closed", "after one timed-out call", failures=1)
