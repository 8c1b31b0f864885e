"""Hidden suite for challenge-46, Microservices Communication: an aggregator over a users-service
and an orders-service (fake upstreams the grader runs and controls), with timeouts, bounded
retries and 502/503/504 JSON errors.

What the upstreams answer is computed from the challenge's own upstreams/catalogue.py; what the
candidate's server asked them is read from their request logs (`upstreams[name].requests()`).
"""

import threading
import time
from pathlib import Path

import pytest

from grader.testing import assert_error, json_body, load_module

USERS, ORDERS = "users-service", "orders-service"


catalogue = load_module(Path(__file__).resolve().parent.parent / "upstreams" / "catalogue.py", "challenge46_catalogue")


def timeout_s(config):
    return int(config["env"]["UPSTREAM_TIMEOUT_MS"]) / 1000


def user_id(rng, orders=None):
    """A random existing user id; with `orders` True/False, one that has / has no orders."""
    while True:
        uid = rng.randint(1, catalogue.MAX_USER_ID)
        if orders is None or bool(catalogue.orders(uid)) == orders:
            return uid


def aggregate(client, uid):
    return client.get(f"/users/{uid}/orders")


def timed_aggregate(client, uid):
    """The response and how long it took, in seconds."""
    started = time.monotonic()
    response = aggregate(client, uid)
    return response, time.monotonic() - started


def assert_aggregate(response, uid, what):
    assert response.status_code == 200, f"{what}: expected status 200, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict), f"{what}: the body must be a JSON object, got {body!r}"
    assert body.get("user") == catalogue.user(uid), (
        f"{what}: \"user\" must be the users-service's answer {catalogue.user(uid)!r}, got {body.get('user')!r}"
    )
    assert body.get("orders") == catalogue.orders(uid), (
        f"{what}: \"orders\" must be the orders-service's answer {catalogue.orders(uid)!r}, got {body.get('orders')!r}"
    )


def attempts(upstream, path):
    """The requests the upstream received for `path`."""
    return [r for r in upstream.requests() if r["path"] == path]


def fresh_connections(upstream):
    """Closes the keep-alive connections the server holds to `upstream`: reset_next drops new
    connections only, and a pooled one would carry the next request past it."""
    upstream.down()
    upstream.up()
    time.sleep(0.05)  # the server's client notices the closed sockets before the next request


def assert_attempts(upstream, path, expected, what):
    got = attempts(upstream, path)
    assert len(got) == expected, (
        f"{what}: the {upstream.name} received {len(got)} request(s) for {path}, expected exactly {expected}"
    )


@pytest.mark.public
@pytest.mark.points(3)
def test_aggregates_user_and_orders(client, upstreams, rng):
    """GET /users/:id/orders answers 200 with the user and its orders, as the services returned them"""
    for uid in (user_id(rng, orders=True), user_id(rng, orders=False)):
        assert_aggregate(aggregate(client, uid), uid, f"GET /users/{uid}/orders")
        assert attempts(upstreams[USERS], f"/users/{uid}"), f"the users-service was never asked for /users/{uid}"
        asked = [r for r in attempts(upstreams[ORDERS], "/orders") if f"userId={uid}" in r["query"].split("&")]
        assert asked, f"the orders-service was never asked for /orders?userId={uid}"


@pytest.mark.public
@pytest.mark.points(2)
def test_unknown_user_is_404(client, rng):
    """a user the users-service does not know answers 404 with a JSON error"""
    uid = rng.randint(catalogue.MAX_USER_ID + 1, 999_999_999)
    assert_error(aggregate(client, uid), 404, f"GET /users/{uid}/orders (the users-service answers 404)")


@pytest.mark.public
@pytest.mark.points(1)
def test_health(client, upstreams):
    """GET /health answers 200 {"status": "ok"} without calling any service"""
    response = client.get("/health")
    assert response.status_code == 200, f"GET /health: expected status 200, got {response.status_code}"
    assert json_body(response) == {"status": "ok"}, 'GET /health must answer {"status": "ok"}'
    calls = upstreams[USERS].requests() + upstreams[ORDERS].requests()
    assert not calls, f"GET /health must not call the services, they received {[r['path'] for r in calls]}"


@pytest.mark.public
@pytest.mark.points(2)
def test_retries_transient_failures(client, upstreams, rng):
    """one or two 500s in a row are retried and the answer is still 200"""
    uid = user_id(rng, orders=True)
    upstreams[USERS].fail_next(2)
    assert_aggregate(aggregate(client, uid), uid, f"GET /users/{uid}/orders, users-service failing twice first")
    assert_attempts(upstreams[USERS], f"/users/{uid}", 3, "after two 500s then a success")
    upstreams[ORDERS].reset()  # forget the first aggregate's call
    upstreams[ORDERS].fail_next(1, status=503)
    assert_aggregate(aggregate(client, uid), uid, f"GET /users/{uid}/orders, orders-service failing once first")
    assert_attempts(upstreams[ORDERS], "/orders", 2, "after one 503 then a success")


@pytest.mark.points(3)
def test_gives_up_after_two_retries(client, upstreams, rng):
    """a service that keeps answering 5xx gives 502 after exactly 3 attempts"""
    for name, status, path in ((USERS, 500, "/users/{uid}"), (ORDERS, 503, "/orders")):
        upstreams[USERS].reset()
        upstreams[ORDERS].reset()
        uid = user_id(rng)
        upstreams[name].respond_with(status)
        assert_error(aggregate(client, uid), 502, f"GET /users/{uid}/orders, {name} always answering {status}")
        assert_attempts(upstreams[name], path.format(uid=uid), 3, "1 attempt + at most 2 retries")


@pytest.mark.points(2)
def test_connection_errors_retried(client, upstreams, rng):
    """connections dropped without an answer are retried: two still give 200, three fail after 3 attempts"""
    uid = user_id(rng, orders=True)
    fresh_connections(upstreams[USERS])
    upstreams[USERS].reset_next(2)
    assert_aggregate(aggregate(client, uid), uid,
                     f"GET /users/{uid}/orders, the users-service dropping the first two connections")
    assert_attempts(upstreams[USERS], f"/users/{uid}", 3, "two dropped connections, then a success")
    upstreams[USERS].reset()
    upstreams[ORDERS].reset()  # forget the first aggregate's call
    uid = user_id(rng)
    fresh_connections(upstreams[ORDERS])
    upstreams[ORDERS].reset_next(3)
    response = aggregate(client, uid)  # its status (503) is test_service_down_is_503's business
    assert response.status_code >= 500, (
        f"GET /users/{uid}/orders, the orders-service dropping every connection: expected an error, "
        f"got {response.status_code}"
    )
    assert_attempts(upstreams[ORDERS], "/orders", 3, "1 attempt + at most 2 retries")


@pytest.mark.points(2)
def test_4xx_not_retried(client, upstreams, rng):
    """4xx answers are never retried; a 4xx other than 404 answers 502"""
    uid = rng.randint(catalogue.MAX_USER_ID + 1, 999_999_999)
    response = aggregate(client, uid)
    assert response.status_code >= 400, f"GET /users/{uid}/orders (unknown user) must fail, got {response.status_code}"
    assert_attempts(upstreams[USERS], f"/users/{uid}", 1, "a 404 must not be retried")
    uid = user_id(rng)
    upstreams[USERS].respond_with(400)
    assert_error(aggregate(client, uid), 502, f"GET /users/{uid}/orders, users-service answering 400")
    assert_attempts(upstreams[USERS], f"/users/{uid}", 1, "a 400 must not be retried")


@pytest.mark.points(3)
def test_timeout_is_504(client, upstreams, config, rng):
    """a service slower than UPSTREAM_TIMEOUT_MS gives 504 in about the timeout, after one attempt"""
    timeout = timeout_s(config)
    for name, path in ((USERS, "/users/{uid}"), (ORDERS, "/orders")):
        upstreams[USERS].reset()
        upstreams[ORDERS].reset()
        uid = user_id(rng)
        upstreams[name].delay(timeout + 3.0)
        response, elapsed = timed_aggregate(client, uid)
        assert_error(response, 504, f"GET /users/{uid}/orders, {name} taking {timeout + 3:g} s")
        assert elapsed < timeout + 1.5, (
            f"{name} slow: the 504 came after {elapsed:.2f} s; the call must be abandoned after "
            f"UPSTREAM_TIMEOUT_MS ({timeout:g} s)"
        )
        assert_attempts(upstreams[name], path.format(uid=uid), 1, "a timeout must not be retried")


@pytest.mark.points(2)
def test_timeout_from_environment(client, server, upstreams, rng):
    """the timeout follows UPSTREAM_TIMEOUT_MS (4000: a 1.5 s answer is awaited; 300: 504 at once)"""
    server.restart(env={"UPSTREAM_TIMEOUT_MS": "4000"})
    uid = user_id(rng)
    upstreams[USERS].delay(1.5)
    assert_aggregate(aggregate(client, uid), uid,
                     f"UPSTREAM_TIMEOUT_MS=4000: GET /users/{uid}/orders, users-service taking 1.5 s")
    server.restart(env={"UPSTREAM_TIMEOUT_MS": "300"})
    upstreams[USERS].delay(4.0)
    response, elapsed = timed_aggregate(client, uid)
    assert_error(response, 504, f"UPSTREAM_TIMEOUT_MS=300: GET /users/{uid}/orders, users-service taking 4 s")
    assert elapsed < 1.5, f"UPSTREAM_TIMEOUT_MS=300: the 504 came after {elapsed:.2f} s, expected about 0.3 s"


@pytest.mark.points(2)
def test_service_down_is_503(client, upstreams, rng):
    """a service that cannot be reached gives 503 with a JSON error, quickly"""
    for name in (USERS, ORDERS):
        upstreams[USERS].up()
        upstreams[ORDERS].up()
        uid = user_id(rng)
        upstreams[name].down()
        response, elapsed = timed_aggregate(client, uid)
        assert_error(response, 503, f"GET /users/{uid}/orders, {name} down (connection refused)")
        assert elapsed < 3.0, f"{name} down: a refused connection must be answered quickly, it took {elapsed:.2f} s"


@pytest.mark.points(1)
def test_recovers_when_service_is_back(client, upstreams, rng):
    """once the services that were down are back, the aggregate answers 200 again"""
    uid = user_id(rng, orders=True)
    assert_aggregate(aggregate(client, uid), uid, f"GET /users/{uid}/orders")
    upstreams[USERS].down()
    upstreams[ORDERS].down()
    response = aggregate(client, uid)
    assert response.status_code >= 500, f"GET /users/{uid}/orders with both services down: expected an error, got {response.status_code}"
    upstreams[USERS].up()
    upstreams[ORDERS].up()
    assert_aggregate(aggregate(client, uid), uid, f"GET /users/{uid}/orders once the services are back")


@pytest.mark.points(2)
def test_slow_service_does_not_block_the_server(client, upstreams, config, rng):
    """while a call waits on a slow service, GET /health still answers at once"""
    timeout = timeout_s(config)
    uid = user_id(rng)
    upstreams[USERS].delay(timeout + 3.0)
    slow = {}

    def call():
        slow["response"] = aggregate(client, uid)

    worker = threading.Thread(target=call)
    worker.start()
    try:
        deadline = time.monotonic() + timeout / 2
        while not upstreams[USERS].requests() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert upstreams[USERS].requests(), "the aggregate never called the users-service"
        started = time.monotonic()
        response = client.get("/health")
        elapsed = time.monotonic() - started
    finally:
        worker.join(timeout + 5)
    assert response.status_code == 200, f"GET /health while a call waits: expected status 200, got {response.status_code}"
    assert elapsed < 0.5, (
        f"GET /health took {elapsed:.2f} s while a call waited on a slow users-service: the server is blocked"
    )
    assert "response" in slow, "the slow call never returned"
    assert slow["response"].status_code >= 500, (
        f"GET /users/{uid}/orders with the slow users-service must fail, got {slow['response'].status_code}"
    )
