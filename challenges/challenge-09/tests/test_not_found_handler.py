"""Hidden suite for challenge-09, Error Response: a catch-all JSON 404 handler."""


import pytest

from grader.testing import assert_fields, json_body, word

NOT_FOUND = {"error": "Not Found"}


def unknown_path(rng, depth=1):
    """A random path no server defines, e.g. /qzkrtbw or /qzkrtbw/mfoa/812."""
    segments = [word(rng, 7)]
    for _ in range(depth - 1):
        segments.append(rng.choice([word(rng, 4), str(rng.randrange(1, 10_000))]))
    return "/" + "/".join(segments)


def check_like_unknown_get(client, rng, response, what):
    """`response` answers what GET on a plain unknown path answers, and that is JSON. The status
    (404) and the exact body are its own check's and its own check's subjects:
    a catch-all with the wrong status or wording costs those checks, not every path checked here."""
    path = unknown_path(rng)
    plain = client.get(path)
    json_body(plain)  # without JSON the catch-all cannot be told from the framework's default 404
    assert response.status_code == plain.status_code, (
        f"{what}: expected the status of GET {path} ({plain.status_code}), got {response.status_code}"
    )
    body = json_body(response)
    assert body == json_body(plain), f"{what}: expected the body of GET {path} ({plain.text!r}), got {body!r}"


@pytest.mark.public
@pytest.mark.points(1)
def test_root(client):
    """GET / answers 200 with {"message": "ok"}"""
    assert_fields(client.get("/"), {"message": "ok"})


@pytest.mark.public
@pytest.mark.points(1)
def test_health(client):
    """GET /health answers 200 with {"status": "ok"}"""
    assert_fields(client.get("/health"), {"status": "ok"})


@pytest.mark.public
@pytest.mark.points(2)
def test_unknown_route(client, rng):
    """GET on an unknown route answers 404 with a JSON body"""
    path = unknown_path(rng)
    response = client.get(path)
    assert response.status_code == 404, f"GET {path}: expected status 404, got {response.status_code}"
    json_body(response)  # the framework's default 404 is not JSON; the exact body is another check


@pytest.mark.points(2)
def test_nested_unknown_routes(client, rng):
    """nested unknown paths, including ones under /health, answer like any unknown path"""
    paths = [unknown_path(rng, depth=rng.randint(2, 4)) for _ in range(2)]
    paths.append(f"/health/{word(rng, 5)}")
    paths.append(f"/{word(rng, 5)}/health")
    rng.shuffle(paths)
    for path in paths:
        check_like_unknown_get(client, rng, client.get(path), f"GET {path}")


@pytest.mark.points(2)
def test_other_methods(client, rng):
    """POST, PUT, DELETE and PATCH on unknown paths answer like GET on one"""
    methods = ["POST", "PUT", "DELETE", "PATCH"]
    rng.shuffle(methods)
    for method in methods:
        path = unknown_path(rng, depth=rng.randint(1, 2))
        payload = None if method == "DELETE" else {"name": word(rng, 5)}
        response = client.request(method, path, json=payload)
        check_like_unknown_get(client, rng, response, f"{method} {path}")


@pytest.mark.points(1)
def test_unknown_route_with_query_string(client, rng):
    """unknown paths with a query string answer like any unknown path"""
    path = unknown_path(rng, depth=rng.randint(1, 2))
    params = {word(rng, 3): word(rng, 4), "page": str(rng.randint(1, 50))}
    check_like_unknown_get(client, rng, client.get(path, params=params), f"GET {path}?...")


@pytest.mark.points(2)
def test_not_found_body_is_exact(client, rng):
    """the 404 body is exactly {"error": "Not Found"} with a JSON content type"""
    path = unknown_path(rng, depth=rng.randint(1, 2))
    body = json_body(client.get(path))
    assert body == NOT_FOUND, (
        f'GET {path}: the 404 body must be exactly {{"error": "Not Found"}} (no other keys), got {body!r}'
    )


@pytest.mark.points(1)
def test_defined_routes_still_work(client, rng):
    """after 404s, / and /health still answer normally, also with a query string"""
    client.get(unknown_path(rng))  # what it answers is the other checks' subject
    query = {word(rng, 3): word(rng, 4)}
    assert_fields(client.get("/health", params=query), {"status": "ok"})
    assert_fields(client.get("/", params=query), {"message": "ok"})
