"""Hidden suite of challenge-28 (signed-cookies): set, read, list and clear signed cookies."""

import email.utils
import string
import time

import pytest

from grader.testing import assert_error, assert_status, json_body, parse_set_cookie, random_secret

ALNUM = string.ascii_letters + string.digits
# printable ASCII without space, ';' and ','
ALLOWED = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in ";,")
MAX_AGE = 86400


# --- helpers -------------------------------------------------------------------------------

def random_name(rng, prefix="c"):
    return f"{prefix}_" + "".join(rng.choice(ALNUM) for _ in range(8))


def random_value(rng, length=16):
    return "".join(rng.choice(ALNUM) for _ in range(length))


def cookie_set(response, name):
    """The last Set-Cookie of `response` for `name`: (raw value, attrs)."""
    found = [parse_set_cookie(h) for h in response.headers.get_list("set-cookie")]
    found = [c for c in found if c[0] == name]
    assert found, f"the response must have a Set-Cookie header for the cookie {name!r}"
    return found[-1][1], found[-1][2]


def set_cookie(http, name, value):
    """POST /cookies; returns the raw cookie value and its attributes."""
    response = http.post("/cookies", json={"name": name, "value": value})
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("name") == name and body.get("value") == value, (
        f"POST /cookies must answer {{'name': {name!r}, 'value': {value!r}}}, got {body!r}"
    )
    return cookie_set(response, name)


def get_cookie(http, name, cookie_header=None):
    headers = {"Cookie": cookie_header} if cookie_header is not None else None
    return http.get(f"/cookies/{name}", headers=headers)


def assert_value(response, name, value):
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), "GET /cookies/:name must answer a JSON object"
    assert body.get("name") == name, f"name must be {name!r}, got {body.get('name')!r}"
    assert body.get("value") == value, f"value must be the original {value!r}, got {body.get('value')!r}"


def tampered(raw, value, rng):
    """The raw cookie with its clear-text value replaced by another of the same length."""
    assert value in raw, (
        f"the raw cookie {raw!r} must contain the value {value!r} in clear text (followed by its signature)"
    )
    other = random_value(rng, len(value))
    while other == value:
        other = random_value(rng, len(value))
    return raw.replace(value, other, 1)


def list_cookies(http, cookie_header=None):
    headers = {"Cookie": cookie_header} if cookie_header is not None else None
    response = http.get("/cookies", headers=headers)
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("cookies"), dict), (
        'GET /cookies must answer {"cookies": {<name>: <value>}}'
    )
    return body["cookies"]


def expired(attrs):
    if "max-age" in attrs:
        try:
            return int(attrs["max-age"]) <= 0
        except ValueError:
            return False
    if "expires" in attrs:
        try:
            return email.utils.parsedate_to_datetime(attrs["expires"]).timestamp() < time.time()
        except (TypeError, ValueError):
            return False
    return False


# --- checks --------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(2)
def test_post_sets_signed_cookie(client, rng):
    """POST /cookies answers 201 and sets the cookie: clear-text value plus a signature"""
    name, value = random_name(rng), random_value(rng)
    raw, _ = set_cookie(client, name, value)
    assert value in raw, f"the raw cookie {raw!r} must contain the value {value!r} in clear text"
    assert raw != value and len(raw) > len(value) + 4, (
        f"the raw cookie {raw!r} must carry a signature besides the value (it is not signed)"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_get_returns_value(client, rng):
    """GET /cookies/:name gives back the value of a cookie set by POST /cookies"""
    name, value = random_name(rng), random_value(rng)
    set_cookie(client, name, value)
    assert_value(get_cookie(client, name), name, value)


@pytest.mark.public
@pytest.mark.points(1)
def test_absent_cookie_is_404(client, rng):
    """GET /cookies/:name answers 404 when the request has no such cookie"""
    assert_error(get_cookie(client, random_name(rng)), 404, "GET /cookies/:name without that cookie")


@pytest.mark.points(2)
def test_cookie_attributes(client, rng):
    """The cookie is HttpOnly, Path=/, SameSite=Strict and Max-Age=86400"""
    _, attrs = set_cookie(client, random_name(rng), random_value(rng))
    assert "httponly" in attrs, "the cookie must be HttpOnly"
    assert attrs.get("path") == "/", f"the cookie must have Path=/, got {attrs.get('path', '(no Path)')!r}"
    assert attrs.get("samesite", "").lower() == "strict", (
        f"the cookie must have SameSite=Strict, got {attrs.get('samesite', '(no SameSite)')!r}"
    )
    assert attrs.get("max-age") == str(MAX_AGE), (
        f"the cookie must have Max-Age={MAX_AGE} (one day in seconds), got {attrs.get('max-age', '(no Max-Age)')!r}"
    )


@pytest.mark.points(2)
def test_tampered_cookie_is_401(client, rng):
    """A cookie whose value was changed while keeping the signature is rejected with 401"""
    name, value = random_name(rng), random_value(rng, rng.randint(8, 24))
    raw, _ = set_cookie(client, name, value)
    client.cookies.clear()
    forged = tampered(raw, value, rng)
    assert_error(get_cookie(client, name, f"{name}={forged}"), 401, "GET /cookies/:name with a tampered value")
    assert_value(get_cookie(client, name, f"{name}={raw}"), name, value)


@pytest.mark.points(1)
def test_unsigned_cookie_is_401(client, rng):
    """A cookie without a signature is rejected with 401, not 404 or 200"""
    name, value = random_name(rng), random_value(rng)
    assert_error(get_cookie(client, name, f"{name}={value}"), 401, "GET /cookies/:name with an unsigned cookie")


@pytest.mark.points(2)
def test_list_only_valid_cookies(client, rng):
    """GET /cookies lists exactly the validly signed cookies"""
    good = {random_name(rng, "a"): random_value(rng), random_name(rng, "b"): random_value(rng)}
    raws = {name: set_cookie(client, name, value)[0] for name, value in good.items()}
    client.cookies.clear()
    forged_name, forged_value = random_name(rng, "t"), random_value(rng)
    forged_raw, _ = set_cookie(client, forged_name, forged_value)
    client.cookies.clear()
    plain_name = random_name(rng, "u")
    parts = [f"{n}={r}" for n, r in raws.items()]
    parts += [f"{forged_name}={tampered(forged_raw, forged_value, rng)}", f"{plain_name}={random_value(rng)}"]
    rng.shuffle(parts)
    listed = list_cookies(client, "; ".join(parts))
    assert listed == good, f"GET /cookies must list exactly the valid signed cookies {good!r}, got {listed!r}"
    assert list_cookies(client) == {}, 'GET /cookies without cookies must answer {"cookies": {}}'


@pytest.mark.points(1)
def test_delete_clears_cookie(client, rng):
    """DELETE /cookies/:name answers 204 and clears the cookie"""
    name, value = random_name(rng), random_value(rng)
    set_cookie(client, name, value)
    response = client.delete(f"/cookies/{name}")
    assert_status(response, 204)
    _, attrs = cookie_set(response, name)
    assert expired(attrs), "the Set-Cookie of DELETE must clear the cookie (Max-Age=0 or an Expires in the past)"
    assert attrs.get("path") == "/", "the clearing Set-Cookie must have Path=/, like the cookie it clears"
    assert name not in client.cookies, "after DELETE the browser must no longer hold the cookie"
    assert_error(get_cookie(client, name), 404, "GET /cookies/:name after DELETE")
    assert_status(client.delete(f"/cookies/{random_name(rng)}"), 204)


@pytest.mark.points(1)
def test_invalid_input_is_400(client, rng):
    """Invalid names or values in POST /cookies answer 400 and set no cookie"""
    good_name, good_value = random_name(rng), random_value(rng)
    bodies = [
        {"value": good_value},
        {"name": good_name},
        {"name": "", "value": good_value},
        {"name": "bad-name", "value": good_value},
        {"name": "n" * 33, "value": good_value},
        {"name": 42, "value": good_value},
        {"name": good_name, "value": ""},
        {"name": good_name, "value": "has space"},
        {"name": good_name, "value": "semi;colon"},
        {"name": good_name, "value": "com,ma"},
        {"name": good_name, "value": "x" * 101},
        {"name": good_name, "value": "caf\u00e9"},
        {"name": good_name, "value": 12345},
        [good_name, good_value],
    ]
    for body in bodies:
        response = client.post("/cookies", json=body)
        assert_error(response, 400, f"POST /cookies with {body!r}")
        assert not response.headers.get_list("set-cookie"), f"POST /cookies with {body!r} must not set a cookie"
    response = client.post("/cookies", content=b'{"name": "x", ', headers={"Content-Type": "application/json"})
    assert_error(response, 400, "POST /cookies with malformed JSON")


@pytest.mark.points(1)
def test_any_allowed_value_round_trips(client, rng):
    """Values with any allowed character, and the maximum lengths, round-trip"""
    chars = list(ALLOWED)
    rng.shuffle(chars)
    values = ["".join(chars[:46]), "".join(chars[46:]), "".join(rng.choice(ALNUM) for _ in range(100))]
    names = [random_name(rng, "s"), random_name(rng, "t"), "N_" + "".join(rng.choice(ALNUM) for _ in range(30))]
    for name, value in zip(names, values):
        set_cookie(client, name, value)
    for name, value in zip(names, values):
        assert_value(get_cookie(client, name), name, value)
    assert list_cookies(client) == dict(zip(names, values)), "GET /cookies must list every valid cookie"


@pytest.mark.points(1)
def test_new_secret_rejects_old_cookies(client, server, rng):
    """After a restart with another COOKIE_SECRET, old cookies are rejected"""
    name, value = random_name(rng), random_value(rng)
    raw, _ = set_cookie(client, name, value)
    client.cookies.clear()
    server.restart(env={"COOKIE_SECRET": random_secret(rng, 32, prefix="secret-")})
    # refused (401) or treated as absent (404): that a bad signature is a 401 is its own check's subject
    old_cookie = get_cookie(client, name, f"{name}={raw}")
    assert old_cookie.status_code in (401, 404), (
        f"a cookie signed with the previous COOKIE_SECRET must be rejected (401), got {old_cookie.status_code}"
    )
    fresh = random_value(rng)
    set_cookie(client, name, fresh)
    assert_value(get_cookie(client, name), name, fresh)
