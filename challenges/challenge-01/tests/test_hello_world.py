"""Hidden suite for challenge-01, Hello World API (GET / -> {"message": "Hello World"})."""

import json
import string

import pytest

from grader.testing import assert_status


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
    # only the message: the status, the content type and extra keys are other checks' subjects
    body = _parsed(client.get("/"))
    assert isinstance(body, dict), "the body must be a JSON object"
    assert "message" in body, "the body must have a top-level 'message' key"
    assert body["message"] == "Hello World", (
        f"message must be exactly 'Hello World' (spelling and case), got {body['message']!r}"
    )


@pytest.mark.points(1)
def test_root_body_is_exact(client):
    """GET / answers with no keys other than "message\""""
    body = _parsed(client.get("/"))
    assert isinstance(body, dict) and set(body) == {"message"}, (
        f"the body must hold only the 'message' key, got {body!r}"
    )


def _parsed(response):
    """The body as JSON whatever the Content-Type says (that is its own check's subject)."""
    body = _parsed_text(response.content)
    assert body is not None, f"the body must be JSON, got {response.text[:200]!r}"
    return body


def _parsed_text(content):
    try:
        return json.loads(content)
    except ValueError:
        return None


def _same_as_root(client, response, what):
    """A variation of GET / must answer what GET / itself answers: the answer is other checks' subject."""
    plain = client.get("/")
    assert plain.is_success, f"GET / must answer, got status {plain.status_code}"
    assert response.status_code == plain.status_code, (
        f"{what} answered status {response.status_code}, GET / answers {plain.status_code}"
    )
    assert _parsed(response) == _parsed(plain), f"{what} must answer like GET /; got {response.text[:200]!r}"


@pytest.mark.points(1)
def test_root_with_query_string(client, rng):
    """GET / with a query string answers like GET /"""
    key = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 6)))
    value = str(rng.randint(0, 99999))
    _same_as_root(client, client.get(f"/?{key}={value}"), f"GET /?{key}={value}")


@pytest.mark.points(1)
def test_root_ignores_accept_header(client):
    """GET / answers the same JSON even when the client asks for text/html"""
    response = client.get("/", headers={"Accept": "text/html"})
    assert _media_type(response) == _media_type(client.get("/")), (
        f"Accept: text/html must not change the Content-Type, got {response.headers.get('content-type')!r}"
    )
    _same_as_root(client, response, "GET / with Accept: text/html")


@pytest.mark.points(1)
def test_root_is_stable(client, rng):
    """GET / answers identically to repeated requests"""
    count = rng.randint(4, 7)
    answers = [(r.status_code, r.content) for r in (client.get("/") for _ in range(count))]
    assert answers[0][0] // 100 == 2 and _parsed_text(answers[0][1]) is not None, f"GET / must answer JSON, got {answers[0]!r}"
    assert len(set(answers)) == 1, f"every one of {count} requests must answer the same; got {answers!r}"
