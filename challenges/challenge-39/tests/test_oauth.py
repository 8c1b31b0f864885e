"""Hidden suite for challenge-39, OAuth Integration: the authorization-code flow against the fake
provider in upstreams/provider.py.

The suite plays the browser (`client` keeps cookies within a check; a second browser is a second
httpx.Client) and the provider's consent screen: it mints, with upstreams/identity.py, the code
the provider would have put in the redirect, and calls the server's callback with it. The server
redeems it at the real fake provider, whose request log (`upstreams[PROVIDER].requests()`) shows
whether a forged callback ever reached it."""

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from grader.testing import assert_error, json_body, load_module

PROVIDER = "oauth-provider"


identity = load_module(Path(__file__).resolve().parent.parent / "upstreams" / "identity.py", "challenge39_identity")


# --- helpers ---------------------------------------------------------------------------------
@contextmanager
def browser(server, config):
    """Another browser: its own cookie jar, same server."""
    with httpx.Client(base_url=server.base_url, timeout=config["server"]["request_timeout"],
                      follow_redirects=False) as other:
        yield other


def new_sub(rng):
    return str(rng.randrange(10**5, 10**9))


def assert_redirect(response, what):
    assert response.status_code in (302, 303), f"{what}: expected a 302 (or 303) redirect, got {response.status_code}"
    location = response.headers.get("location")
    assert location, f"{what}: the redirect has no Location header"
    return location


def start_login(client):
    """GET /auth/login; returns the query of the authorize URL it redirects to (one value per key)."""
    location = assert_redirect(client.get("/auth/login"), "GET /auth/login")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def code_for(query, sub):
    """The code the provider would send back after `sub` approved the request in `query`."""
    return identity.mint_code(sub, client_id=query.get("client_id", ""), redirect_uri=query.get("redirect_uri", ""))


def callback(client, **params):
    return client.get("/auth/callback", params=params)


def sign_in(client, sub):
    query = start_login(client)
    assert_redirect(callback(client, code=code_for(query, sub), state=query.get("state", "")),
                    f"GET /auth/callback with a valid code and state (user {sub})")


def me(client):
    response = client.get("/me")
    assert response.status_code == 200, f"GET /me after signing in: expected status 200, got {response.status_code}"
    return json_body(response)


def token_calls(upstreams):
    return [r for r in upstreams[PROVIDER].requests() if r["path"] == "/token"]


def assert_no_exchange(upstreams, what):
    calls = token_calls(upstreams)
    assert not calls, f"{what}: the server must not call the provider's /token, it made {len(calls)} call(s)"


def assert_signed_out(client, what):
    response = client.get("/me")
    assert response.status_code == 401, f"{what}: nobody may be signed in (GET /me expected 401, got {response.status_code})"


# --- the redirect ----------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_login_redirects_to_authorize(client, upstreams, config):
    """GET /auth/login redirects to the provider's /authorize with code, client_id, redirect_uri, scope and state"""
    location = assert_redirect(client.get("/auth/login"), "GET /auth/login")
    url, expected = urlsplit(location), urlsplit(upstreams[PROVIDER].url)
    assert (url.scheme, url.netloc, url.path) == (expected.scheme, expected.netloc, "/authorize"), (
        f"the redirect must go to OAUTH_PROVIDER_URL/authorize ({upstreams[PROVIDER].url}/authorize), got {location!r}"
    )
    query = parse_qs(url.query)
    env = config["env"]
    for key, value in (("response_type", "code"), ("client_id", env["OAUTH_CLIENT_ID"]),
                       ("redirect_uri", env["OAUTH_REDIRECT_URI"])):
        assert query.get(key) == [value], f"the authorize URL needs {key}={value!r}, got {query.get(key)!r}"
    scopes = " ".join(query.get("scope", [])).split()
    assert {"profile", "email"} <= set(scopes), f"scope must include profile and email, got {query.get('scope')!r}"
    assert query.get("state") and query["state"][0], "the authorize URL needs a state"


@pytest.mark.points(1)
def test_state_is_fresh(client, server, config):
    """every login gets a new random state of at least 16 characters"""
    states = [start_login(client).get("state", "")]
    with browser(server, config) as other:
        states.append(start_login(other).get("state", ""))
    states.append(start_login(client).get("state", ""))
    assert all(len(s) >= 16 for s in states), f"a state must have at least 16 characters, got {states!r}"
    assert len(set(states)) == 3, f"each login must get its own state, got {states!r}"


# --- the flow --------------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(4)
def test_sign_in(client, upstreams, rng):
    """the callback redeems the code and /me answers the provider's user"""
    sub = new_sub(rng)
    sign_in(client, sub)
    body = me(client)
    profile = identity.user(sub)
    assert isinstance(body, dict) and "id" in body, f"GET /me must answer a JSON object with an id, got {body!r}"
    for key in ("sub", "name", "email"):
        assert body.get(key) == profile[key], f"/me {key!r} must be the provider's {profile[key]!r}, got {body.get(key)!r}"
    assert len(token_calls(upstreams)) == 1, "one sign-in redeems its code once at /token"


@pytest.mark.points(2)
def test_same_sub_same_user(client, server, config, rng):
    """the same provider user always gets the same id, another one another id"""
    sub, other_sub = new_sub(rng), new_sub(rng)
    sign_in(client, sub)
    first = me(client).get("id")
    with browser(server, config) as second, browser(server, config) as third:
        sign_in(second, sub)
        again = me(second).get("id")
        sign_in(third, other_sub)
        other = me(third).get("id")
    assert again == first, f"signing in again as sub {sub} must give the same id {first!r}, got {again!r}"
    assert other != first, f"another provider user ({other_sub}) must get another id, both got {first!r}"


@pytest.mark.public
@pytest.mark.points(1)
def test_me_requires_session(client):
    """GET /me without a session answers 401 with a JSON error"""
    assert_error(client.get("/me"), 401, "GET /me without signing in")


@pytest.mark.points(1)
def test_logout(client, rng):
    """logout ends the session: /me answers 401 afterwards"""
    sign_in(client, new_sub(rng))
    me(client)
    response = client.post("/auth/logout")
    assert response.status_code in (200, 204, 302, 303), f"POST /auth/logout: expected 204 (or a redirect), got {response.status_code}"
    assert_signed_out(client, "after logout")


# --- the state -------------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_forged_state_rejected(client, upstreams, rng):
    """a callback whose state was never issued answers 400 and never reaches the provider"""
    query = start_login(client)
    forged = "".join(rng.choice("abcdef0123456789") for _ in range(32))
    assert_error(callback(client, code=code_for(query, new_sub(rng)), state=forged), 400,
                 "GET /auth/callback with a forged state")
    assert_no_exchange(upstreams, "a forged state")
    assert_signed_out(client, "after a forged callback")


@pytest.mark.points(2)
def test_state_bound_to_browser(client, server, config, upstreams, rng):
    """a state issued to one browser is refused in another (400, no call to the provider)"""
    stolen = start_login(client)
    with browser(server, config) as attacker:
        start_login(attacker)  # the attacker's browser has a state of its own
        assert_error(callback(attacker, code=code_for(stolen, new_sub(rng)), state=stolen["state"]), 400,
                     "GET /auth/callback in another browser with the victim's state")
        assert_signed_out(attacker, "the other browser")
    assert_no_exchange(upstreams, "another browser's state")


@pytest.mark.points(2)
def test_state_single_use(client, upstreams, rng):
    """a state works once: replaying the callback answers 400 and does not reach the provider"""
    query = start_login(client)
    assert_redirect(callback(client, code=code_for(query, new_sub(rng)), state=query["state"]), "the first callback")
    before = len(token_calls(upstreams))
    assert_error(callback(client, code=code_for(query, new_sub(rng)), state=query["state"]), 400,
                 "a second callback with the same state")
    assert len(token_calls(upstreams)) == before, "a replayed state must not reach the provider's /token"


@pytest.mark.points(1)
def test_missing_state_or_code(client, upstreams, rng):
    """a callback without state, or with a valid state but no code, answers 400"""
    query = start_login(client)
    assert_error(callback(client, code=code_for(query, new_sub(rng))), 400, "GET /auth/callback without state")
    query = start_login(client)
    assert_error(callback(client, state=query["state"]), 400, "GET /auth/callback without code")
    assert_no_exchange(upstreams, "a callback without state or code")


# --- provider errors -------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_provider_error_is_401(client, upstreams):
    """a callback with error=access_denied (and a valid state) answers 401 without calling the provider"""
    query = start_login(client)
    assert_error(callback(client, error="access_denied", state=query["state"]), 401,
                 "GET /auth/callback?error=access_denied")
    assert_no_exchange(upstreams, "a provider error in the callback")
    assert_signed_out(client, "after access_denied")


@pytest.mark.points(2)
def test_failed_exchange_is_502(client, upstreams, rng):
    """a code exchange the provider fails (500), refuses (invalid_grant) or cannot answer (down) is 502"""
    provider = upstreams[PROVIDER]
    provider.fail_next(1, status=500)
    query = start_login(client)
    assert_error(callback(client, code=code_for(query, new_sub(rng)), state=query["state"]), 502,
                 "the callback when the provider's /token answers 500")
    assert token_calls(upstreams), "the callback must have tried the provider's /token"
    query = start_login(client)
    refused = identity.mint_code(new_sub(rng), redirect_uri="http://evil.example/callback")
    assert_error(callback(client, code=refused, state=query["state"]), 502,
                 "the callback when the provider refuses the code (invalid_grant)")
    provider.down()
    query = start_login(client)
    assert_error(callback(client, code=code_for(query, new_sub(rng)), state=query["state"]), 502,
                 "the callback when the provider cannot be reached")
    provider.up()
    assert_signed_out(client, "after three failed exchanges")
