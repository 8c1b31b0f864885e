"""Hidden suite for challenge-48, API Gateway: /users/* to a users-service, /products/* round-robin
over two replicas of a products-service (fake upstreams the grader runs and controls), a central
API key, a log line per request and 502/503/504 JSON errors.

What the upstreams answer is computed from the challenge's own upstreams/catalogue.py; what the
gateway sent them (method, path, query, headers, body) is read from their request logs.
"""

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from grader.testing import assert_error, json_body, load_module, word

USERS, P1, P2 = "users-service", "products-service-1", "products-service-2"
PRODUCTS = (P1, P2)


catalogue = load_module(Path(__file__).resolve().parent.parent / "upstreams" / "catalogue.py", "challenge48_catalogue")


def key(config):
    return config["env"]["GATEWAY_API_KEY"]


def auth(config, **extra):
    return {"X-API-Key": key(config), **extra}


def some_id(rng):
    return rng.randint(1, catalogue.MAX_ID)


def logged(upstreams, *names):
    """Every request the named upstreams received, oldest first, each tagged with its upstream."""
    out = [dict(r, upstream=name) for name in names for r in upstreams[name].requests()]
    return sorted(out, key=lambda r: r["time"])


def product_calls(upstreams):
    return logged(upstreams, *PRODUCTS)


def assert_json(response, status, expected, what):
    assert response.status_code == status, f"{what}: expected status {status}, got {response.status_code}"
    body = json_body(response)
    assert body == expected, f"{what}: expected the service's answer {expected!r}, got {body!r}"


def only_request(upstreams, names, what):
    got = logged(upstreams, *names)
    assert len(got) == 1, (
        f"{what}: expected exactly one request to {' or '.join(names)}, they received "
        f"{[(r['upstream'], r['method'], r['path']) for r in got]}"
    )
    return got[0]


@pytest.mark.public
@pytest.mark.points(3)
def test_routes_users(client, config, upstreams, rng):
    """GET /users/:id is routed to the users-service and its answer passed back"""
    uid = some_id(rng)
    response = client.get(f"/users/{uid}", headers=auth(config))
    assert_json(response, 200, catalogue.user(uid), f"GET /users/{uid}")
    got = only_request(upstreams, (USERS, *PRODUCTS), f"GET /users/{uid}")
    assert got["upstream"] == USERS and got["method"] == "GET" and got["path"] == f"/users/{uid}", (
        f"GET /users/{uid} must reach the users-service as GET /users/{uid}, got {got['upstream']} "
        f"{got['method']} {got['path']}"
    )


@pytest.mark.public
@pytest.mark.points(3)
def test_routes_products(client, config, upstreams, rng):
    """GET /products/:id is routed to a products-service replica and its answer passed back"""
    pid = some_id(rng)
    response = client.get(f"/products/{pid}", headers=auth(config))
    assert_json(response, 200, catalogue.product(pid), f"GET /products/{pid}")
    got = only_request(upstreams, (USERS, *PRODUCTS), f"GET /products/{pid}")
    assert got["upstream"] in PRODUCTS and got["path"] == f"/products/{pid}", (
        f"GET /products/{pid} must reach a products-service replica as GET /products/{pid}, got "
        f"{got['upstream']} {got['method']} {got['path']}"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_forwards_query(client, config, upstreams, rng):
    """the query string reaches the service unchanged (GET /products?category=&limit=)"""
    category, limit = rng.choice(catalogue.CATEGORIES), rng.randint(2, 6)
    response = client.get("/products", params={"category": category, "limit": limit}, headers=auth(config))
    assert_json(response, 200, catalogue.products(category, limit), f"GET /products?category={category}&limit={limit}")
    got = only_request(upstreams, PRODUCTS, "GET /products?...")
    assert got["path"] == "/products", f"GET /products?... must reach the service as /products, got {got['path']}"
    assert sorted(parse_qsl(got["query"])) == sorted([("category", category), ("limit", str(limit))]), (
        f"the service must receive the query category={category}&limit={limit}, it received {got['query']!r}"
    )


@pytest.mark.points(3)
def test_forwards_post_body(client, config, upstreams, rng):
    """POST /users forwards the JSON body and Content-Type, and passes back the 201"""
    payload = {"name": word(rng).title(), "email": f"{word(rng, 8)}@example.com", "age": rng.randint(18, 90)}
    response = client.post("/users", json=payload, headers=auth(config))
    assert response.status_code == 201, f"POST /users: expected the service's 201, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and all(body.get(k) == v for k, v in payload.items()) and "id" in body, (
        f"POST /users: expected the service's answer (the body sent, with an id), got {body!r}"
    )
    got = only_request(upstreams, (USERS,), "POST /users")
    assert got["method"] == "POST" and got["path"] == "/users", f"expected POST /users upstream, got {got['method']} {got['path']}"
    try:
        sent = json.loads(got["body"])
    except ValueError:
        sent = got["body"]
    assert sent == payload, f"the users-service must receive the JSON body {payload!r}, it received {got['body']!r}"
    assert got["headers"].get("content-type", "").startswith("application/json"), (
        f"the users-service must receive Content-Type application/json, got {got['headers'].get('content-type')!r}"
    )


@pytest.mark.points(1)
def test_forwards_other_methods(client, config, upstreams, rng):
    """PATCH and DELETE reach the service with their method, and a 204 is passed back"""
    uid = some_id(rng)
    change = {"name": word(rng).title()}
    response = client.patch(f"/users/{uid}", json=change, headers=auth(config))
    assert_json(response, 200, {**catalogue.user(uid), **change}, f"PATCH /users/{uid}")
    response = client.delete(f"/users/{uid}", headers=auth(config))
    assert response.status_code == 204, f"DELETE /users/{uid}: expected the service's 204, got {response.status_code}"
    methods = [(r["method"], r["path"]) for r in upstreams[USERS].requests()]
    assert methods == [("PATCH", f"/users/{uid}"), ("DELETE", f"/users/{uid}")], (
        f"the users-service must receive PATCH then DELETE /users/{uid}, it received {methods}"
    )


@pytest.mark.points(2)
def test_passes_back_service_errors(client, config, rng):
    """a 4xx of a service is passed back as it is (status and body)"""
    uid = rng.randint(catalogue.MAX_ID + 1, 999_999)
    response = client.get(f"/users/{uid}", headers=auth(config))
    assert_json(response, 404, {"error": "user not found"}, f"GET /users/{uid} (unknown to the users-service)")
    response = client.post("/products", content=b"not json", headers=auth(config, **{"Content-Type": "text/plain"}))
    assert_json(response, 400, {"error": "a JSON object body is required"}, "POST /products with a text body")


@pytest.mark.points(2)
def test_forwards_named_headers(client, config, upstreams, rng):
    """Accept and the client's X-* headers reach the service"""
    correlation, tenant = word(rng, 16), word(rng, 6)
    headers = auth(config, **{"X-Correlation-Id": correlation, "X-Tenant": tenant, "Accept": "application/json"})
    client.get(f"/users/{some_id(rng)}", headers=headers)
    got = only_request(upstreams, (USERS,), "GET /users/:id")["headers"]
    for name, value in (("x-correlation-id", correlation), ("x-tenant", tenant), ("accept", "application/json")):
        assert got.get(name) == value, f"the users-service must receive {name}: {value}, it received {got.get(name)!r}"


@pytest.mark.public
@pytest.mark.points(2)
def test_requires_api_key(client, config, upstreams, rng):
    """a request without the API key, or with a wrong one, is 401 and reaches no service"""
    uid = some_id(rng)
    assert_error(client.get(f"/users/{uid}"), 401, f"GET /users/{uid} without X-API-Key")
    assert_error(client.get(f"/products/{uid}", headers={"X-API-Key": key(config) + "x"}), 401,
                 f"GET /products/{uid} with a wrong X-API-Key")
    assert_error(client.post("/users", json={"name": "x"}, headers={"X-API-Key": ""}), 401, "POST /users with an empty X-API-Key")
    got = logged(upstreams, USERS, *PRODUCTS)
    assert not got, f"unauthenticated requests must not reach a service, they received {[r['path'] for r in got]}"


@pytest.mark.points(2)
def test_api_key_not_forwarded(client, config, upstreams, rng):
    """the API key stays at the gateway: no service receives X-API-Key"""
    client.get(f"/users/{some_id(rng)}", headers=auth(config))
    client.get(f"/products/{some_id(rng)}", headers=auth(config))
    leaked = [r["upstream"] for r in logged(upstreams, USERS, *PRODUCTS) if "x-api-key" in r["headers"]]
    assert len(logged(upstreams, USERS, *PRODUCTS)) == 2, "both requests must reach their services"
    assert not leaked, f"the API key must not be forwarded, but {', '.join(leaked)} received X-API-Key"


@pytest.mark.points(1)
def test_api_key_from_environment(client, server, config, rng):
    """the key is GATEWAY_API_KEY from the environment"""
    new_key = "gw-" + word(rng, 20)
    server.restart(env={"GATEWAY_API_KEY": new_key})
    uid = some_id(rng)
    response = client.get(f"/users/{uid}", headers={"X-API-Key": new_key})
    assert_json(response, 200, catalogue.user(uid), f"GATEWAY_API_KEY={new_key}: GET /users/{uid} with that key")
    assert_error(client.get(f"/users/{uid}", headers={"X-API-Key": key(config)}),
                 401, f"GATEWAY_API_KEY={new_key}: GET /users/{uid} with the grader's default key")


@pytest.mark.public
@pytest.mark.points(1)
def test_health_and_unknown_routes(client, config, upstreams):
    """GET /health answers without a key; an unknown route is 404 and reaches no service"""
    response = client.get("/health")
    assert_json(response, 200, {"status": "ok"}, "GET /health without a key")
    assert_error(client.get("/orders/1", headers=auth(config)), 404, "GET /orders/1 (no such service)")
    assert_error(client.get("/usersx", headers=auth(config)), 404, "GET /usersx (not under /users)")
    got = logged(upstreams, USERS, *PRODUCTS)
    assert not got, f"unknown routes must not reach a service, they received {[r['path'] for r in got]}"


@pytest.mark.public
@pytest.mark.points(1)
def test_request_log_line(client, server, config, rng):
    """every request writes one log line with its method, path and status"""
    uid, missing = some_id(rng), rng.randint(catalogue.MAX_ID + 1, 999_999)
    client.get(f"/users/{uid}", headers=auth(config))
    client.delete(f"/users/{missing}")
    for method, path, status in (("GET", f"/users/{uid}", 200), ("DELETE", f"/users/{missing}", 401)):
        server.wait_for_log(rf"(?m)^.*\b{method}\b.*{re.escape(path)}(?![0-9]).*\b{status}\b.*$", timeout=3.0)


@pytest.mark.points(3)
def test_round_robin(client, config, upstreams, rng):
    """/products requests alternate between the two products-service replicas"""
    for _ in range(6):
        client.get(f"/products/{some_id(rng)}", headers=auth(config))
    order = [r["upstream"] for r in product_calls(upstreams)]
    assert len(order) == 6, f"6 requests must give 6 calls to the products-service replicas, got {len(order)}"
    repeats = [n for n in range(1, 6) if order[n] == order[n - 1]]
    assert not repeats, f"round-robin: consecutive requests must alternate between the replicas, got {order}"


@pytest.mark.points(2)
def test_fails_over_to_other_replica(client, config, upstreams, rng):
    """when one products replica refuses connections, every request is answered by the other"""
    for down, alive in ((P1, P2), (P2, P1)):
        upstreams[P1].reset()
        upstreams[P2].reset()
        upstreams[down].down()
        for n in range(3):
            pid = some_id(rng)
            response = client.get(f"/products/{pid}", headers=auth(config))
            assert_json(response, 200, catalogue.product(pid), f"GET /products/{pid} with {down} down (request {n + 1})")
        served = [r["path"] for r in upstreams[alive].requests()]
        assert len(served) == 3, f"with {down} down, {alive} must serve all 3 requests, it served {len(served)}"
    upstreams[P1].up()
    upstreams[P2].up()


@pytest.mark.points(2)
def test_service_failing_is_502(client, config, upstreams, rng):
    """a service answering 5xx gives 502 with a JSON error"""
    upstreams[USERS].respond_with(500)
    assert_error(client.get(f"/users/{some_id(rng)}", headers=auth(config)), 502, "users-service answering 500")
    upstreams[USERS].reset()
    upstreams[USERS].fail_next(1, status=503)
    assert_error(client.post("/users", json={"name": "x"}, headers=auth(config)), 502, "users-service answering 503")


@pytest.mark.points(2)
def test_service_down_is_503(client, config, upstreams, rng):
    """a service that cannot be reached (both products replicas, or the users-service) gives 503"""
    upstreams[USERS].down()
    response = client.get(f"/users/{some_id(rng)}", headers=auth(config))
    assert_error(response, 503, "users-service down (connection refused)")
    upstreams[USERS].up()
    upstreams[P1].down()
    upstreams[P2].down()
    assert_error(client.get(f"/products/{some_id(rng)}", headers=auth(config)), 503, "both products replicas down")
    upstreams[P1].up()
    upstreams[P2].up()
    uid = some_id(rng)
    assert_json(client.get(f"/users/{uid}", headers=auth(config)), 200, catalogue.user(uid),
                f"GET /users/{uid} once the services are back")


@pytest.mark.points(2)
def test_service_timeout_is_504(client, config, upstreams, rng):
    """a service slower than UPSTREAM_TIMEOUT_MS gives 504 in about the timeout"""
    timeout = int(config["env"]["UPSTREAM_TIMEOUT_MS"]) / 1000
    upstreams[USERS].delay(timeout + 3.0)
    started = time.monotonic()
    response = client.get(f"/users/{some_id(rng)}", headers=auth(config))
    elapsed = time.monotonic() - started
    assert_error(response, 504, f"users-service taking {timeout + 3:g} s")
    assert elapsed < timeout + 1.5, (
        f"the 504 came after {elapsed:.2f} s; the call must be abandoned after UPSTREAM_TIMEOUT_MS ({timeout:g} s)"
    )
