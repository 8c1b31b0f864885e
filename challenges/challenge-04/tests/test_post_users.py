"""Hidden suite for challenge-04: POST /users creates a user from a JSON body."""

import json

import pytest

from grader.testing import assert_status, id_key, is_json_id, json_body

FIRST_NAMES = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances",
               "Ken", "Radia", "Tim", "Hedy", "Edsger", "Katherine", "Donald", "Sophie"]
LAST_NAMES = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie",
              "Allen", "Thompson", "Perlman", "Berners-Lee", "Lamarr", "Dijkstra", "Knuth"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "test.example"]

JSON_HEADERS = {"Content-Type": "application/json"}


def make_user(rng):
    """A fresh, per-run random {name, email} payload."""
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    number = rng.randrange(100, 100000)
    return {
        "name": f"{first} {last} {number}",
        "email": f"{first.lower()}.{last.lower()}{number}@{rng.choice(DOMAINS)}",
    }


def post_json(client, payload):
    return client.post("/users", json=payload)


def post_raw(client, raw: str):
    """Send a raw body (possibly not valid JSON) labelled as application/json."""
    return client.post("/users", content=raw.encode("utf-8"), headers=JSON_HEADERS)


def assert_json_error(response, why):
    assert_status(response, 400)
    body = json_body(response)
    assert isinstance(body, dict), f"the 400 body must be a JSON object with an 'error' field ({why})"
    error = body.get("error")
    assert isinstance(error, str) and error != "", (
        f"the 400 body must have an 'error' field holding a non-empty string ({why}); got {body!r}"
    )


def assert_created(response):
    """A success: that it is exactly 201 is its own check's subject, so a 200 costs that
    check alone."""
    assert 200 <= response.status_code < 300, f"a valid request must succeed (201), got {response.status_code}"


@pytest.mark.public
@pytest.mark.points(2)
def test_create_returns_201(client, rng):
    """POST /users with a valid name and email answers 201 Created"""
    response = post_json(client, make_user(rng))
    assert_status(response, 201)


@pytest.mark.public
@pytest.mark.points(3)
def test_create_echoes_name_and_email(client, rng):
    """POST /users answers with the created user, echoing name and email"""
    payload = make_user(rng)
    response = post_json(client, payload)
    assert 200 <= response.status_code < 300, (
        f"a valid request must succeed (201), got {response.status_code}"
    )
    body = json_body(response)
    assert isinstance(body, dict), "the response body must be a JSON object (the created user)"
    assert body.get("name") == payload["name"], "name must echo the name that was sent"
    assert body.get("email") == payload["email"], "email must echo the email that was sent"


@pytest.mark.public
@pytest.mark.points(1)
def test_create_returns_id(client, rng):
    """The created user has an id that is a JSON string or number"""
    response = post_json(client, make_user(rng))
    assert 200 <= response.status_code < 300, (
        f"a valid request must succeed (201), got {response.status_code}"
    )
    body = json_body(response)
    assert isinstance(body, dict), "the response body must be a JSON object (the created user)"
    assert "id" in body, "the created user must have an 'id' field"
    assert is_json_id(body["id"]), (
        f"id must be a JSON string or number, got {json.dumps(body['id'])}"
    )


@pytest.mark.points(1)
def test_create_content_type_is_json(client, rng):
    """The 201 response is sent with Content-Type application/json"""
    response = post_json(client, make_user(rng))
    assert_created(response)
    content_type = response.headers.get("content-type", "")
    assert content_type.split(";")[0].strip().lower() == "application/json", (
        f"Content-Type must be application/json, got {content_type!r}"
    )
    json_body(response)


@pytest.mark.points(2)
def test_ids_are_unique(client, rng):
    """Every created user gets a different id"""
    seen = {}
    for _ in range(8):
        payload = make_user(rng)
        response = post_json(client, payload)
        assert_created(response)
        body = json_body(response)
        assert isinstance(body, dict) and is_json_id(body.get("id")), (
            "each created user must have an id that is a JSON string or number"
        )
        key = id_key(body["id"])
        assert key not in seen, (
            f"id {json.dumps(body['id'])} was given to two users "
            f"({seen.get(key)!r} and {payload['name']!r}): ids must be unique"
        )
        seen[key] = payload["name"]


@pytest.mark.points(1)
def test_echo_is_exact(client, rng):
    """name and email are echoed unchanged (non-ASCII characters, letter case)"""
    number = rng.randrange(100, 100000)
    payload = {
        "name": rng.choice(["Zoë Ångström", "José Núñez", "Łukasz Żółć", "Ólafur Þórsson"])
        + f" {number}",
        "email": f"{rng.choice(['Mixed.Case', 'First.LAST', 'Some.One'])}+{number}@Example.COM",
    }
    response = post_json(client, payload)
    assert_created(response)
    body = json_body(response)
    assert isinstance(body, dict), "the response body must be a JSON object (the created user)"
    assert body.get("name") == payload["name"], (
        f"name must be echoed exactly: sent {payload['name']!r}, got {body.get('name')!r}"
    )
    assert body.get("email") == payload["email"], (
        f"email must be echoed exactly (no lower-casing): sent {payload['email']!r}, "
        f"got {body.get('email')!r}"
    )


@pytest.mark.public
@pytest.mark.points(1)
def test_missing_name_is_400(client, rng):
    """A body without name is refused with 400 and a JSON error"""
    payload = make_user(rng)
    del payload["name"]
    assert_json_error(post_json(client, payload), "name is missing")


@pytest.mark.points(1)
def test_missing_email_is_400(client, rng):
    """A body without email is refused with 400 and a JSON error"""
    payload = make_user(rng)
    del payload["email"]
    assert_json_error(post_json(client, payload), "email is missing")
    assert_json_error(post_json(client, {}), "the body is an empty object")


@pytest.mark.points(1)
def test_malformed_json_is_400(client, rng):
    """Malformed JSON (truncated, unquoted keys, an empty body) is refused with 400 and a JSON error (not an HTML page)"""
    payload = make_user(rng)
    raw = json.dumps(payload)
    truncated = raw[: rng.randrange(len(raw) // 2, len(raw) - 1)]
    assert_json_error(post_raw(client, truncated), f"the body was truncated JSON: {truncated!r}")
    assert_json_error(
        post_raw(client, "{name: 'Ada', email: 'ada@example.com'}"),
        "the body used unquoted keys and single quotes",
    )
    assert_json_error(post_raw(client, ""), "the body was empty (Content-Type: application/json, no bytes)")


@pytest.mark.points(1)
def test_wrong_types_are_400(client, rng):
    """name or email that is not a string is refused with 400 and a JSON error"""
    cases = [
        ("name is a number", {"name": rng.randrange(1, 1000)}),
        ("email is a number", {"email": rng.randrange(1, 1000)}),
        ("name is null", {"name": None}),
        ("email is a list", {"email": [make_user(rng)["email"]]}),
        ("name is an object", {"name": {"first": "Ada", "last": "Lovelace"}}),
    ]
    for why, override in cases:
        payload = make_user(rng)
        payload.update(override)
        assert_json_error(post_json(client, payload), why)


@pytest.mark.points(1)
def test_non_object_body_is_400(client, rng):
    """A JSON body that is not an object (array, string, number, null) is refused with 400"""
    user = make_user(rng)
    cases = [
        ("the body is an array holding a user", json.dumps([user])),
        ("the body is a JSON string", json.dumps(user["name"])),
        ("the body is a JSON number", str(rng.randrange(1, 1000))),
        ("the body is null", "null"),
    ]
    for why, raw in cases:
        assert_json_error(post_raw(client, raw), why)
