"""Three checks: enough to see a server answer, misbehave, or be gone."""

import pytest

from grader.testing import assert_status, json_body


@pytest.mark.public
def test_first(client):
    """GET / answers 200 {"ok": true}"""
    r = client.get("/")
    assert_status(r, 200)
    assert json_body(r) == {"ok": True}


def test_echo(client, rng):
    """GET /echo?x=V answers {"x": V}"""
    value = str(rng.randint(1, 10**9))
    r = client.get("/echo", params={"x": value})
    assert_status(r, 200)
    assert json_body(r) == {"x": value}


def test_last(client):
    """GET / still answers at the end"""
    r = client.get("/")
    assert_status(r, 200)
    assert json_body(r) == {"ok": True}
