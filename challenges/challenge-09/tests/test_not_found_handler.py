"""Hidden suite for challenge-09, Error Response: a catch-all JSON 404 handler."""

import string

import pytest

from grader.testing import assert_status, json_body

NOT_FOUND = {"error": "Not Found"}


def random_word(rng, length=7):
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def unknown_path(rng, depth=1):
    """A random path no server defines, e.g. /qzkrtbw or /qzkrtbw/mfoa/812."""
    segments = [random_word(rng)]
    for _ in range(depth - 1):
        segments.append(rng.choice([random_word(rng, 4), str(rng.randrange(1, 10_000))]))
    return "/" + "/".join(segments)


def check_not_found(response, what):
    """A 404 whose JSON body has error == "Not Found" (extra keys are checked elsewhere)."""
    assert response.status_code == 404, (
        f"{what}: expected status 404, got {response.status_code}"
    )
    body = json_body(response)
    assert isinstance(body, dict) and body.get("error") == "Not Found", (
        f'{what}: the 404 body must be {{"error": "Not Found"}}, got {body!r}'
    )
    return body


@pytest.mark.public
@pytest.mark.points(1)
def test_root(client):
    """GET / answers 200 with {"message": "ok"}"""
    response = client.get("/")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("message") == "ok", (
        f'GET / must answer {{"message": "ok"}}, got {body!r}'
    )


@pytest.mark.public
@pytest.mark.points(1)
def test_health(client):
    """GET /health answers 200 with {"status": "ok"}"""
    response = client.get("/health")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("status") == "ok", (
        f'GET /health must answer {{"status": "ok"}}, got {body!r}'
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_unknown_route(client, rng):
    """GET on an unknown route answers 404 with {"error": "Not Found"}"""
    path = unknown_path(rng)
    check_not_found(client.get(path), f"GET {path}")


@pytest.mark.points(2)
def test_nested_unknown_routes(client, rng):
    """nested unknown paths, including ones under /health, answer the JSON 404"""
    paths = [unknown_path(rng, depth=rng.randint(2, 4)) for _ in range(2)]
    paths.append(f"/health/{random_word(rng, 5)}")
    paths.append(f"/{random_word(rng, 5)}/health")
    rng.shuffle(paths)
    for path in paths:
        check_not_found(client.get(path), f"GET {path}")


@pytest.mark.points(2)
def test_other_methods(client, rng):
    """POST, PUT, DELETE and PATCH on unknown paths answer the JSON 404"""
    methods = ["POST", "PUT", "DELETE", "PATCH"]
    rng.shuffle(methods)
    for method in methods:
        path = unknown_path(rng, depth=rng.randint(1, 2))
        payload = None if method == "DELETE" else {"name": random_word(rng, 5)}
        response = client.request(method, path, json=payload)
        check_not_found(response, f"{method} {path}")


@pytest.mark.points(1)
def test_unknown_route_with_query_string(client, rng):
    """unknown paths with a query string answer the JSON 404"""
    path = unknown_path(rng, depth=rng.randint(1, 2))
    params = {random_word(rng, 3): random_word(rng, 4), "page": str(rng.randint(1, 50))}
    check_not_found(client.get(path, params=params), f"GET {path}?...")


@pytest.mark.points(2)
def test_not_found_body_is_exact(client, rng):
    """the 404 body is exactly {"error": "Not Found"} with a JSON content type"""
    requests = [("GET", unknown_path(rng)), ("POST", unknown_path(rng, depth=2))]
    for method, path in requests:
        response = client.request(method, path)
        body = check_not_found(response, f"{method} {path}")
        assert body == NOT_FOUND, (
            f'{method} {path}: the 404 body must be exactly {{"error": "Not Found"}}'
            f" (no other keys), got {body!r}"
        )


@pytest.mark.points(1)
def test_defined_routes_still_work(client, rng):
    """after 404s, / and /health still answer normally, also with a query string"""
    check_not_found(client.get(unknown_path(rng)), "GET <unknown path>")
    query = {random_word(rng, 3): random_word(rng, 4)}
    response = client.get("/health", params=query)
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("status") == "ok", (
        f'GET /health?... must answer {{"status": "ok"}}, got {body!r}'
    )
    response = client.get("/", params=query)
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("message") == "ok", (
        f'GET /?... must answer {{"message": "ok"}}, got {body!r}'
    )
