"""Hidden suite for challenge-03, Query Parameters (GET /search?q=...&limit=...)."""

from urllib.parse import quote, quote_plus

import pytest

from grader.testing import assert_status, json_body, json_object, word


def _search(client, query=None):
    """GET /search with a raw (already encoded) query string; returns the response."""
    return client.get("/search" if query is None else f"/search?{query}")


def _ok_body(response):
    return json_object(response)


def _assert_q(body, expected):
    assert "q" in body, "the body must have a 'q' key"
    assert body["q"] == expected, f"q must be {expected!r}, got {body['q']!r}"


def _assert_limit(body, expected, as_integer=False):
    """limit's value; its JSON type (an integer, not "5") only when as_integer, as that is
    its own check's subject: a string limit costs that check alone."""
    assert "limit" in body, "the body must have a 'limit' key"
    value = body["limit"]
    if as_integer:
        assert isinstance(value, int) and not isinstance(value, bool), (
            f"limit must be a JSON integer, got {type(value).__name__} {value!r}"
        )
    assert str(value) == str(expected), f"limit must be {expected}, got {value!r}"


def _assert_rejected(response, raw_limit):
    assert_status(response, 400)
    body = json_body(response)
    assert isinstance(body, dict), "the error body must be a JSON object"
    error = body.get("error")
    assert isinstance(error, str) and error.strip(), (
        f"limit={raw_limit!r} must be rejected with a non-empty string in 'error', got {error!r}"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_echoes_q(client, rng):
    """GET /search echoes q as a string"""
    term = word(rng)
    body = _ok_body(_search(client, f"q={term}&limit={rng.randint(1, 100)}"))
    _assert_q(body, term)


@pytest.mark.public
@pytest.mark.points(2)
def test_echoes_limit_as_integer(client, rng):
    """GET /search echoes limit as an integer"""
    limit = rng.randint(2, 99)
    body = _ok_body(_search(client, f"q={word(rng)}&limit={limit}"))
    _assert_limit(body, limit, as_integer=True)


@pytest.mark.public
@pytest.mark.points(1)
def test_defaults_without_parameters(client):
    """GET /search without parameters answers q "" and limit 10"""
    body = _ok_body(_search(client))
    _assert_q(body, "")
    _assert_limit(body, 10)


@pytest.mark.points(1)
def test_default_limit(client, rng):
    """GET /search?q=term defaults limit to 10"""
    term = word(rng)
    body = _ok_body(_search(client, f"q={term}"))
    _assert_q(body, term)
    _assert_limit(body, 10)


@pytest.mark.points(1)
def test_default_q(client, rng):
    """GET /search?limit=n defaults q to the empty string"""
    limit = rng.randint(1, 100)
    body = _ok_body(_search(client, f"limit={limit}"))
    _assert_q(body, "")
    _assert_limit(body, limit)


@pytest.mark.points(1)
def test_limit_boundaries_accepted(client, rng):
    """GET /search accepts limit 1 and limit 100, also written with leading zeros (007 is 7)"""
    for limit in (1, 100):
        body = _ok_body(_search(client, f"q={word(rng)}&limit={limit}"))
        _assert_limit(body, limit)
    limit = rng.randint(2, 99)
    for raw, value in ((f"00{limit}", limit), ("0100", 100), ("01", 1)):
        body = _ok_body(_search(client, f"q={word(rng)}&limit={raw}"))
        assert "limit" in body, "the body must have a 'limit' key"
        # its value only (7 for 007): echoing the digits as a string is the integer check's subject
        assert str(body["limit"]).lstrip("0") == str(value), f"limit={raw} must be {value}, got {body['limit']!r}"


@pytest.mark.points(2)
def test_limit_out_of_range_rejected(client, rng):
    """GET /search rejects a limit outside 1..100 with 400 and a JSON error"""
    for raw in ("0", "101", str(rng.randint(102, 100000)), f"-{rng.randint(1, 50)}"):
        _assert_rejected(_search(client, f"q={word(rng)}&limit={raw}"), raw)


@pytest.mark.points(2)
def test_limit_not_a_whole_number_rejected(client, rng):
    """GET /search rejects a limit that is not a whole number with 400 and a JSON error"""
    for raw in (word(rng), f"{rng.randint(1, 99)}{word(rng, low=1, high=3)}", f"{rng.randint(1, 99)}.5"):
        _assert_rejected(_search(client, f"q={word(rng)}&limit={raw}"), raw)


@pytest.mark.points(1)
def test_limit_must_be_plain_digits(client, rng):
    """GET /search rejects an empty, signed, spaced or exponent limit with 400"""
    for raw in ("", "1e1", f"+{rng.randint(1, 99)}", f" {rng.randint(1, 99)}"):
        _assert_rejected(_search(client, f"limit={quote(raw, safe='')}"), raw)


@pytest.mark.points(1)
def test_q_decoded_and_preserved(client, rng):
    """GET /search decodes q and keeps its spaces, case and punctuation"""
    first, second = word(rng).capitalize(), word(rng)
    term = f" {first} & {second}, 100% sure? "
    body = _ok_body(_search(client, f"q={quote(term, safe='')}&limit=5"))
    _assert_q(body, term)
    term = f"{word(rng)} {word(rng)}"
    body = _ok_body(_search(client, f"q={quote_plus(term)}"))
    _assert_q(body, term)


@pytest.mark.points(1)
def test_repeated_parameters_take_first(client, rng):
    """GET /search takes the first value of a repeated q or limit"""
    first_q, second_q = word(rng), word(rng)
    first_limit, second_limit = rng.randint(1, 49), rng.randint(50, 100)
    body = _ok_body(
        _search(client, f"q={first_q}&limit={first_limit}&q={second_q}&limit={second_limit}")
    )
    _assert_q(body, first_q)
    _assert_limit(body, first_limit)
