"""Hidden suite for challenge-01, Hello World API (GET / -> {"message": "Hello World"})."""

import string

import pytest

from grader.testing import assert_status, json_body

EXPECTED = {"message": "Hello World"}


def _media_type(response):
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


@pytest.mark.public
@pytest.mark.points(2)
def test_root_answers_200(client):
    """GET / answers with status 200"""
    response = client.get("/")
    assert_status(response, 200)


@pytest.mark.public
@pytest.mark.points(1)
def test_root_is_json(client):
    """GET / answers with Content-Type application/json"""
    response = client.get("/")
    assert _media_type(response) == "application/json", (
        f"Content-Type must be application/json, got {response.headers.get('content-type')!r}"
    )


@pytest.mark.public
@pytest.mark.points(3)
def test_root_message(client):
    """GET / answers with message "Hello World\""""
    response = client.get("/")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), "the body must be a JSON object"
    assert "message" in body, "the body must have a top-level 'message' key"
    assert body["message"] == "Hello World", (
        f"message must be exactly 'Hello World' (spelling and case), got {body['message']!r}"
    )


@pytest.mark.points(1)
def test_root_body_is_exact(client):
    """GET / answers with exactly {"message": "Hello World"} and no other keys"""
    response = client.get("/")
    assert_status(response, 200)
    body = json_body(response)
    assert body == EXPECTED, f"the body must be exactly {EXPECTED}, got {body!r}"


@pytest.mark.points(1)
def test_root_with_query_string(client, rng):
    """GET / with a query string answers like GET /"""
    key = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 6)))
    value = str(rng.randint(0, 99999))
    response = client.get(f"/?{key}={value}")
    assert_status(response, 200)
    body = json_body(response)
    assert body == EXPECTED, f"a query string must not change the answer; got {body!r}"


@pytest.mark.points(1)
def test_root_ignores_accept_header(client):
    """GET / answers JSON even when the client asks for text/html"""
    response = client.get("/", headers={"Accept": "text/html"})
    assert_status(response, 200)
    body = json_body(response)
    assert body == EXPECTED, f"the Accept header must not change the answer; got {body!r}"


@pytest.mark.points(1)
def test_root_is_stable(client, rng):
    """GET / answers identically to repeated requests"""
    count = rng.randint(4, 7)
    bodies = []
    for _ in range(count):
        response = client.get("/")
        assert_status(response, 200)
        bodies.append(json_body(response))
    assert all(body == EXPECTED for body in bodies), (
        f"every one of {count} requests must answer {EXPECTED}; got {bodies!r}"
    )
