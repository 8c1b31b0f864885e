"""Hidden suite of challenge-27 (sessions): server-side sessions behind a session-id cookie."""

import base64
import binascii
import contextlib
import email.utils
import string
import time
import urllib.parse
import zlib

import pytest

from grader.http import other_client
from grader.testing import assert_error, assert_status, json_body, parse_set_cookie, random_secret

DEFAULT_MAX_AGE = 3600


# --- helpers -------------------------------------------------------------------------------

def random_username(rng, length=10):
    first = rng.choice(["ada", "grace", "linus", "alan", "barbara", "edsger", "margaret", "ken"])
    return f"{first}_" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(length))


@contextlib.contextmanager
def browser(server):
    """Another browser: its own cookie jar, same server."""
    with other_client(server.base_url) as other:
        yield other


def session_cookie(response):
    """The session cookie that a login response sets: (name, value, attrs)."""
    headers = response.headers.get_list("set-cookie")
    assert headers, "POST /login must set the session cookie (no Set-Cookie header in the response)"
    cookies = [parse_set_cookie(h) for h in headers]
    live = [c for c in cookies if c[0] and c[1]]
    assert live, f"POST /login set no cookie with a name and a value: {headers!r}"
    assert len({c[0] for c in live}) == 1, (
        f"POST /login must set exactly one cookie, the session cookie; got {[c[0] for c in live]}"
    )
    return live[-1]


def login(http, username):
    response = http.post("/login", json={"username": username})
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("username") == username, (
        f'POST /login must answer {{"username": {username!r}}}, got {body!r}'
    )
    return session_cookie(response)


def me(http, cookie=None):
    headers = {"Cookie": f"{cookie[0]}={cookie[1]}"} if cookie else None
    return http.get("/me", headers=headers)


def assert_me(response, username, visits):
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), "GET /me must answer a JSON object"
    assert body.get("username") == username, f"GET /me username must be {username!r}, got {body.get('username')!r}"
    count = body.get("visits")
    assert isinstance(count, int) and not isinstance(count, bool), f"visits must be a JSON integer, got {count!r}"
    assert count == visits, f"visits must be {visits} (this session's GET /me calls so far), got {count}"


def assert_rejected(response, why):
    assert_error(response, 401, why)


def assert_no_session(response, why):
    """GET /me found no logged-in user: refused, or answered without a username. That the refusal
    is exactly a 401 with an error body is its own check's subject, so a server that
    answers 200 with an empty user costs that check, not every check of a session's end."""
    if response.status_code >= 400:
        return
    body = json_body(response)
    user = body.get("username") if isinstance(body, dict) else None
    assert not user, f"{why}: expected no logged-in user, got {body!r}"


def assert_lifetime(attrs, max_age):
    if "max-age" in attrs:
        try:
            value = int(attrs["max-age"])
        except ValueError:
            raise AssertionError(f"Max-Age must be a number of seconds, got {attrs['max-age']!r}") from None
        assert abs(value - max_age) <= 1, f"the session cookie's Max-Age must be {max_age}, got {value}"
        return
    assert "expires" in attrs, f"the session cookie needs Max-Age={max_age} or an Expires date (it has neither)"
    try:
        expires = email.utils.parsedate_to_datetime(attrs["expires"]).timestamp()
    except (TypeError, ValueError):
        raise AssertionError(f"cannot read the cookie's Expires date {attrs['expires']!r}") from None
    delta = expires - time.time()
    assert abs(delta - max_age) <= 30, (
        f"the session cookie must expire {max_age} s from now; its Expires is {delta:.0f} s from now"
    )


def tamper(value, rng):
    """The cookie value with one character in its middle replaced by a different one."""
    index = len(value) // 2
    alphabet = string.ascii_letters + string.digits
    replacement = rng.choice([c for c in alphabet if c != value[index]])
    return value[:index] + replacement + value[index + 1:]


def decodings(value):
    """The cookie value as text, URL-decoded, and each segment base64-decoded (and inflated)."""
    texts = [value, urllib.parse.unquote(value)]
    for segment in urllib.parse.unquote(value).replace(":", ".").split("."):
        segment = segment.strip('"')
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                raw = decode(segment + "=" * (-len(segment) % 4))
            except (binascii.Error, ValueError):
                continue
            texts.append(raw.decode("latin-1"))
            with contextlib.suppress(zlib.error):
                texts.append(zlib.decompress(raw).decode("latin-1"))
    return texts


# --- checks --------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(2)
def test_login_sets_session_cookie(client, rng):
    """POST /login answers the username and sets a session cookie"""
    username = random_username(rng)
    name, value, _ = login(client, username)
    assert name and value, "the session cookie needs a name and a value"


@pytest.mark.public
@pytest.mark.points(2)
def test_me_counts_visits(client, rng):
    """GET /me answers the logged-in username and counts this session's visits"""
    username = random_username(rng)
    login(client, username)
    for expected in (1, 2, 3):
        assert_me(me(client), username, expected)


@pytest.mark.public
@pytest.mark.points(1)
def test_me_without_session_is_401(client):
    """GET /me without a session answers 401 with an error"""
    assert_rejected(me(client), "GET /me without any cookie")


@pytest.mark.points(2)
def test_cookie_attributes(client, rng):
    """The session cookie is HttpOnly, SameSite=Lax, Path=/ and lives 3600 s by default"""
    _, _, attrs = login(client, random_username(rng))
    assert "httponly" in attrs, "the session cookie must be HttpOnly (scripts must not read it)"
    assert attrs.get("samesite", "").lower() == "lax", (
        f"the session cookie must have SameSite=Lax, got {attrs.get('samesite', '(no SameSite)')!r}"
    )
    assert attrs.get("path") == "/", f"the session cookie must have Path=/, got {attrs.get('path', '(no Path)')!r}"
    assert_lifetime(attrs, DEFAULT_MAX_AGE)


@pytest.mark.points(1)
def test_max_age_from_environment(client, server, rng):
    """SESSION_MAX_AGE from the environment sets the cookie's lifetime"""
    max_age = rng.choice([n for n in range(600, 7201, 60) if n != DEFAULT_MAX_AGE])
    server.restart(env={"SESSION_MAX_AGE": str(max_age), "SESSION_SECRET": random_secret(rng, 32, prefix="secret-")})
    username = random_username(rng)
    _, _, attrs = login(client, username)
    assert_lifetime(attrs, max_age)
    assert_me(me(client), username, 1)


@pytest.mark.points(2)
def test_logout_destroys_session(client, rng):
    """POST /logout destroys the session on the server: the old cookie is rejected afterwards"""
    username = random_username(rng)
    cookie = login(client, username)
    assert_me(me(client), username, 1)
    response = client.post("/logout")
    assert_status(response, 200)
    assert_no_session(me(client), "GET /me right after logout")
    assert_no_session(me(client, cookie), "GET /me replaying the cookie from before the logout")


@pytest.mark.points(2)
def test_sessions_are_independent(client, server, rng):
    """Two browsers have separate sessions and visit counters"""
    first, second = random_username(rng), random_username(rng)
    with browser(server) as other:
        cookie_a = login(client, first)
        cookie_b = login(other, second)
        assert cookie_a[1] != cookie_b[1], "two logins must get two different session ids"
        assert_me(me(client), first, 1)
        assert_me(me(client), first, 2)
        assert_me(me(other), second, 1)
        assert_me(me(client), first, 3)
        assert_status(other.post("/logout"), 200)
        assert_no_session(me(other), "GET /me of the browser that logged out")
        assert_me(me(client), first, 4)


@pytest.mark.points(1)
def test_forged_cookie_rejected(client, rng):
    """A forged, altered or garbage session cookie is rejected"""
    username = random_username(rng)
    name, value, _ = login(client, username)
    client.cookies.clear()
    garbage = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(len(value)))
    assert_no_session(me(client, (name, garbage)), "GET /me with a random session cookie value")
    assert_no_session(me(client, (name, tamper(value, rng))), "GET /me with one character of the cookie changed")
    assert_no_session(me(client, (name, "")), "GET /me with an empty session cookie")
    assert_me(me(client, (name, value)), username, 1)


@pytest.mark.points(1)
def test_invalid_login_rejected(client):
    """POST /login with a missing, empty or non-string username answers 400"""
    bodies = [{}, {"username": ""}, {"username": 42}, {"username": None}, {"username": ["ada"]}, ["ada"]]
    for body in bodies:
        response = client.post("/login", json=body)
        assert response.status_code == 400, f"POST /login with {body!r} must answer 400, got {response.status_code}"
        error = json_body(response)
        assert isinstance(error, dict) and isinstance(error.get("error"), str), 'a 400 must be {"error": ...}'
    response = client.post("/login", content=b'{"username": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400, f"POST /login with malformed JSON must answer 400, got {response.status_code}"
    json_body(response)
    assert_no_session(me(client), "GET /me after only failed logins")


@pytest.mark.points(1)
def test_relogin_starts_fresh_session(client, rng):
    """Logging in again issues a new session id and invalidates the old one"""
    first, second = random_username(rng), random_username(rng)
    old = login(client, first)
    assert_me(me(client), first, 1)
    assert_me(me(client), first, 2)
    new = login(client, second)
    assert new[1] != old[1], "a new login must issue a new session id (session fixation)"
    assert_me(me(client, new), second, 1)
    assert_no_session(me(client, old), "GET /me with the session cookie from before the second login")


@pytest.mark.points(1)
def test_session_expires_on_server(client, server, rng):
    """A session is rejected by the server once SESSION_MAX_AGE seconds have passed"""
    server.restart(env={"SESSION_MAX_AGE": "1", "SESSION_SECRET": random_secret(rng, 32, prefix="secret-")})
    username = random_username(rng)
    cookie = login(client, username)
    assert_me(me(client, cookie), username, 1)
    time.sleep(2.2)  # SESSION_MAX_AGE plus a second of slack for whole-second clocks
    assert_no_session(me(client, cookie), "GET /me replaying the cookie of a session older than SESSION_MAX_AGE=1 s")


@pytest.mark.points(1)
def test_cookie_holds_only_session_id(client, rng):
    """The session cookie holds only an id, not the username or other session data"""
    username = "".join(rng.choice(string.ascii_letters) for _ in range(24))
    _, value, _ = login(client, username)
    for text in decodings(value):
        assert username not in text, (
            "the session cookie contains the username: keep session data on the server and put "
            "only a session id in the cookie"
        )
    assert_me(me(client), username, 1)
