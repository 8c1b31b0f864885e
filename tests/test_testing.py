"""The suites' kit (grader.testing): each helper passes what the spec allows and fails, with a
message naming the problem, on what it does not."""

from __future__ import annotations

import json
import random
import time

import httpx
import pytest

from grader.testing import (
    ALNUM,
    assert_bad_request,
    assert_error,
    assert_status,
    bearer,
    header_list,
    id_key,
    is_int,
    is_json_id,
    is_number,
    json_body,
    load_module,
    parse_set_cookie,
    random_secret,
    sleep_until,
    url_path,
    word,
)


def response(status=200, body=None, *, content=None, ctype="application/json", headers=()):
    request = httpx.Request("POST", "http://server/things?x=1")
    raw = content if content is not None else json.dumps(body).encode()
    return httpx.Response(status, content=raw, headers=[("content-type", ctype), *headers], request=request)


def test_assert_status_names_what_was_expected_and_the_request():
    assert_status(response(201, {}), 201)
    assert_status(response(204, {}), (200, 204))
    with pytest.raises(AssertionError, match=r"expected status 200 or 204, got 404 for POST /things\?x=1"):
        assert_status(response(404, {}), [204, 200])


def test_json_body_needs_the_content_type_and_valid_json():
    assert json_body(response(body={"a": 1}, ctype="application/json; charset=utf-8")) == {"a": 1}
    assert json_body(response(body=[1], ctype="application/problem+json")) == [1]
    with pytest.raises(AssertionError, match="Content-Type 'text/html'"):
        json_body(response(body={"a": 1}, ctype="text/html"))
    with pytest.raises(AssertionError, match="not valid JSON"):
        json_body(response(content=b"{oops"))


def test_header_list_joins_every_occurrence_in_lower_case():
    r = response(headers=[("vary", "Origin, Accept"), ("Vary", " accept-encoding ")])
    assert header_list(r, "vary") == ["origin", "accept", "accept-encoding"]
    assert header_list(r, "allow") == []


def test_assert_error_wants_the_status_and_a_non_empty_error_string():
    assert assert_error(response(404, {"error": "no such todo", "id": 3}), 404) == {"error": "no such todo", "id": 3}
    with pytest.raises(AssertionError, match="deleting twice: expected status 404, got 200"):
        assert_error(response(200, {"error": "x"}), 404, "deleting twice")
    for bad in ({"error": ""}, {"error": "  "}, {"message": "not found"}, {"error": 404}, ["error"]):
        with pytest.raises(AssertionError, match=r'the 404 body must be \{"error": <non-empty string>\}'):
            assert_error(response(404, bad), 404)
    with pytest.raises(AssertionError, match="expected a JSON response"):
        assert_error(response(404, content=b"Not Found", ctype="text/plain"), 404)


def test_assert_bad_request_is_a_400_error():
    assert_bad_request(response(400, {"error": "page must be a positive integer"}))
    with pytest.raises(AssertionError, match="page=0: expected status 400, got 200"):
        assert_bad_request(response(200, {"items": []}), "page=0")


def test_word_is_random_from_the_rng_with_a_fixed_or_ranged_length():
    rng = random.Random(7)
    words = [word(rng) for _ in range(200)]
    assert {len(w) for w in words} == set(range(4, 10))
    assert all(w.isascii() and w.islower() and w.isalpha() for w in words)
    assert len(set(words)) > 190
    assert len(word(rng, 12)) == 12
    assert {len(word(rng, low=1, high=2)) for _ in range(50)} == {1, 2}
    assert set(word(rng, 300, alphabet="xy")) == {"x", "y"}
    assert word(random.Random(3), 10) == word(random.Random(3), 10), "same seed, same word: runs reproduce"


def test_random_secret_is_alphanumeric_with_an_optional_prefix():
    rng = random.Random(11)
    secret = random_secret(rng)
    assert len(secret) == 40 and set(secret) <= set(ALNUM)
    assert random_secret(rng) != secret
    prefixed = random_secret(rng, 32, prefix="secret-")
    assert prefixed.startswith("secret-") and len(prefixed) == 39


def test_json_number_and_id_predicates_follow_json_not_python():
    assert is_int(3) and is_int(-1) and not is_int(True) and not is_int(3.0) and not is_int("3")
    assert is_number(3) and is_number(2.5) and not is_number(False) and not is_number("2.5")
    assert all(is_json_id(v) for v in (1, 1.5, "abc", "", "6f1c"))
    assert not any(is_json_id(v) for v in (True, None, [1], {"id": 1}))


def test_id_key_compares_ids_as_json_values():
    assert id_key(1) == id_key(1.0)
    assert id_key(1) != id_key("1")
    assert len({id_key(v) for v in (1, 1.0, "1", "a", "a")}) == 3


def test_bearer_builds_the_authorization_header():
    assert bearer("tok") == {"Authorization": "Bearer tok"}
    assert bearer("tok", "bearer") == {"Authorization": "bearer tok"}


def test_parse_set_cookie_splits_name_value_and_attributes():
    name, value, attrs = parse_set_cookie("sid=abc.def=; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600")
    assert (name, value) == ("sid", "abc.def=")
    assert attrs == {"path": "/", "httponly": "", "samesite": "Lax", "max-age": "3600"}
    assert parse_set_cookie(" token = x ") == ("token", "x", {})


def test_url_path_encodes_each_segment_whole():
    assert url_path("users", 7, "posts") == "/users/7/posts"
    assert url_path("users", "a/b?c d") == "/users/a%2Fb%3Fc%20d"


def test_sleep_until_waits_for_the_deadline_and_not_past_one():
    start = time.monotonic()
    sleep_until(start + 0.05)
    assert time.monotonic() >= start + 0.05
    before = time.monotonic()
    sleep_until(before - 10)
    assert time.monotonic() - before < 0.05


def test_load_module_imports_a_file_off_the_path(tmp_path):
    source = tmp_path / "upstream.py"
    source.write_text("PRICES = {'a': 1}\n")
    module = load_module(source, "kit_test_upstream")
    assert module.PRICES == {"a": 1} and module.__name__ == "kit_test_upstream"
