"""Hidden suite for challenge-02, Route Parameters (GET /users/:id)."""

import string
from urllib.parse import quote

import pytest

from grader.testing import json_object, word


def _numeric_id(rng):
    """A random decimal id without leading zeros, 3 to 7 digits."""
    return str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(rng.randint(2, 6)))


def _slug_id(rng):
    """A random id of letters (mixed case), digits and dashes, e.g. 'kQx-42-ab'."""
    letters = string.ascii_letters
    parts = [word(rng, rng.randint(2, 6), alphabet=letters), str(rng.randint(0, 999)),
             word(rng, rng.randint(1, 4), alphabet=letters)]
    return "-".join(parts)


def _get_user(client, raw_segment):
    """GET /users/<raw_segment>; raw_segment is sent as-is (already percent-encoded if needed)."""
    return json_object(client.get(f"/users/{raw_segment}"))


def _assert_id(body, expected):
    """The echoed text equals the segment. Its key ("id") and JSON type are
    its own check's subject: a body naming the key otherwise costs that check,
    not every check of how the segment is read."""
    echoed = [value for value in body.values() if str(value) == expected]
    assert echoed, f"the body must echo the path segment {expected!r} as its id, got {body!r}"


@pytest.mark.public
@pytest.mark.points(2)
def test_numeric_id_answers_200_json(client, rng):
    """GET /users/:id answers 200 with a JSON object"""
    _get_user(client, _numeric_id(rng))


@pytest.mark.public
@pytest.mark.points(2)
def test_numeric_id_echoed_as_string(client, rng):
    """GET /users/:id echoes a numeric id as a string"""
    user_id = _numeric_id(rng)
    body = _get_user(client, user_id)
    assert "id" in body, "the body must have an 'id' key"
    assert isinstance(body["id"], str), (
        f"id must be a JSON string (the path segment as text), got {type(body['id']).__name__} {body['id']!r}"
    )
    assert body["id"] == user_id, f"id must echo the path segment {user_id!r}, got {body['id']!r}"


@pytest.mark.public
@pytest.mark.points(1)
def test_message_user_found(client, rng):
    """GET /users/:id answers with message "User found\""""
    body = _get_user(client, _numeric_id(rng))
    assert body.get("message") == "User found", (
        f"message must be exactly 'User found', got {body.get('message')!r}"
    )


@pytest.mark.points(2)
def test_slug_ids_echoed(client, rng):
    """GET /users/:id echoes ids made of letters, digits and dashes unchanged"""
    for _ in range(3):
        user_id = _slug_id(rng)
        body = _get_user(client, user_id)
        _assert_id(body, user_id)


@pytest.mark.points(1)
def test_leading_zeros_kept(client, rng):
    """GET /users/:id keeps leading zeros of the id"""
    user_id = "00" + _numeric_id(rng)
    body = _get_user(client, user_id)
    _assert_id(body, user_id)


@pytest.mark.points(1)
def test_each_request_echoes_its_own_id(client, rng):
    """GET /users/:id echoes a different id on every request"""
    ids = [_numeric_id(rng), _slug_id(rng), _numeric_id(rng), _slug_id(rng)]
    for user_id in ids:
        body = _get_user(client, user_id)
        _assert_id(body, user_id)


@pytest.mark.points(1)
def test_percent_encoded_id_decoded(client, rng):
    """GET /users/:id percent-decodes the id (%20 becomes a space)"""
    first, second = (word(rng, rng.randint(3, 6), alphabet=string.ascii_letters) for _ in range(2))
    user_id = f"{first} {second}"
    body = _get_user(client, quote(user_id))
    _assert_id(body, user_id)


@pytest.mark.points(1)
def test_query_string_not_part_of_id(client, rng):
    """GET /users/:id?x=1 reads the id without the query string"""
    user_id = _numeric_id(rng)
    body = _get_user(client, f"{user_id}?{word(rng, 3).lower()}={rng.randint(0, 99)}")
    _assert_id(body, user_id)
