"""Hidden suite of challenge-24 (jwt-login): POST /login issues an HS256 JWT signed with JWT_SECRET."""

import base64
import string
import time

import jwt
import pytest

from grader.testing import assert_error, assert_status, json_body, random_secret

USERS = {
    "admin": ("admin-pass-123", "admin"),
    "alice": ("wonderland-42", "user"),
}
CLOCK_TOLERANCE = 5
TTL = 3600


def login(client, username, password):
    return client.post("/login", json={"username": username, "password": password})


def token_of(response):
    """Asserts a successful login and returns the token."""
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), "a successful login must answer a JSON object"
    token = body.get("token")
    assert isinstance(token, str) and token.count(".") == 2, (
        f'"token" must be a compact JWT string (header.payload.signature), got {token!r}'
    )
    return token


def current_secret(server, config):
    return server.env.get("JWT_SECRET", config["env"]["JWT_SECRET"])


def verified_claims(token, secret):
    """The payload, verified with `secret` the way any standard library would."""
    try:
        return jwt.decode(token, secret, algorithms=["HS256"], leeway=CLOCK_TOLERANCE,
                          options={"verify_aud": False})
    except jwt.InvalidSignatureError:
        raise AssertionError("the token's signature does not verify with the JWT_SECRET in effect") from None
    except jwt.ExpiredSignatureError:
        raise AssertionError("the token is already expired") from None
    except jwt.PyJWTError as exc:
        raise AssertionError(f"the token does not verify as an HS256 JWT: {type(exc).__name__}: {exc}") from None


def unverified_claims(token):
    """The payload without checking the signature or expiry: those are other checks' subjects."""
    try:
        return jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise AssertionError(f"the token is not a JWT: {type(exc).__name__}: {exc}") from None


def raw_payload(token):
    segment = token.split(".")[1]
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)).decode("utf-8", "replace")


def assert_claims(claims, username, role, before, after):
    """sub, role and iat; exp is its own check's subject, so a missing exp costs that check only."""
    assert claims.get("sub") == username, f'"sub" must be the username {username!r}, got {claims.get("sub")!r}'
    assert claims.get("role") == role, f'"role" must be {role!r} for {username}, got {claims.get("role")!r}'
    iat = claims.get("iat")
    assert isinstance(iat, (int, float)) and not isinstance(iat, bool), f'"iat" must be a number, got {iat!r}'
    assert before - CLOCK_TOLERANCE <= iat <= after + CLOCK_TOLERANCE, (
        f'"iat" must be the time of the login in seconds since the epoch (about {int(before)}), got {iat}'
    )


def assert_expiry(claims, before, after):
    exp = claims.get("exp")
    assert isinstance(exp, (int, float)) and not isinstance(exp, bool), (
        f'"exp" must be a number (the token must expire), got {exp!r}'
    )
    assert before + TTL - CLOCK_TOLERANCE <= exp <= after + TTL + CLOCK_TOLERANCE, (
        f'"exp" must be one hour after the login (about {int(before) + TTL}), got {exp} '
        f"({exp - before:+.0f} s from now)"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_login_returns_token(client, rng):
    """Valid credentials answer 200 with a token and expiresIn 3600"""
    username = rng.choice(sorted(USERS))
    response = login(client, username, USERS[username][0])
    token_of(response)
    body = json_body(response)
    expires = body.get("expiresIn")
    assert expires == TTL and not isinstance(expires, bool), (
        f'"expiresIn" must be the number 3600, got {expires!r}'
    )


@pytest.mark.public
@pytest.mark.points(1)
def test_wrong_password_rejected(client, rng):
    """A wrong password answers 401 with an error"""
    username = rng.choice(sorted(USERS))
    wrong = USERS[username][0] + rng.choice(string.ascii_lowercase)
    assert_error(login(client, username, wrong), 401)


@pytest.mark.public
@pytest.mark.points(2)
def test_token_is_hs256_signed_with_secret(client, server, config, rng):
    """The token is HS256 and verifies with JWT_SECRET, not with another key"""
    token = token_of(login(client, "alice", USERS["alice"][0]))
    header = jwt.get_unverified_header(token)
    assert header.get("alg") == "HS256", f'the token header must say "alg": "HS256", got {header.get("alg")!r}'
    verified_claims(token, current_secret(server, config))
    other = random_secret(rng)
    try:
        jwt.decode(token, other, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.InvalidSignatureError:
        pass
    else:
        raise AssertionError("the token must not verify with a key other than JWT_SECRET")


@pytest.mark.points(2)
def test_claims_for_each_user(client):
    """The claims carry sub, role and iat (the login time) for each user"""
    for username, (password, role) in USERS.items():
        before = time.time()
        token = token_of(login(client, username, password))
        after = time.time()
        assert_claims(unverified_claims(token), username, role, before, after)


@pytest.mark.points(1)
def test_token_expires(client, rng):
    """The token's exp claim is one hour after the login"""
    username = rng.choice(sorted(USERS))
    before = time.time()
    token = token_of(login(client, username, USERS[username][0]))
    assert_expiry(unverified_claims(token), before, time.time())


@pytest.mark.points(2)
def test_secret_comes_from_environment(client, server, rng):
    """After a restart with a random JWT_SECRET, tokens are signed with that secret"""
    secret = random_secret(rng)
    server.restart(env={"JWT_SECRET": secret})
    assert server.env.get("JWT_SECRET") == secret
    token = token_of(login(client, "admin", USERS["admin"][0]))
    try:
        # only the signature: an expired or exp-less token is its own check's subject
        jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.InvalidSignatureError:
        raise AssertionError(
            "after a restart with another JWT_SECRET the token must be signed with that secret "
            "(is the secret written into the code?)"
        ) from None


@pytest.mark.points(1)
def test_password_not_in_token(client):
    """The password never appears in the token payload"""
    for username, (password, _role) in USERS.items():
        token = token_of(login(client, username, password))
        payload = raw_payload(token)
        assert password not in payload, (
            f"the token payload contains the password of {username}: {payload}"
        )
        claims = unverified_claims(token)
        leaked = [key for key, value in claims.items() if value == password or key.lower() == "password"]
        assert not leaked, f"the token payload must not carry the password (claims {leaked})"


@pytest.mark.points(2)
def test_bad_credentials_all_401(client, rng):
    """Unknown users, other users' passwords and wrong-case passwords answer 401"""
    unknown = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10)))
    cases = [
        (unknown, USERS["alice"][0]),
        ("alice", USERS["admin"][0]),
        ("admin", USERS["alice"][0]),
        ("admin", USERS["admin"][0].upper()),
        ("Alice", USERS["alice"][0]),
        ("alice", USERS["alice"][0][:-1]),
    ]
    for username, password in cases:
        assert_error(login(client, username, password), 401)


@pytest.mark.points(1)
def test_invalid_body_400(client, rng):
    """Missing, empty or non-string fields and malformed JSON answer 400"""
    password = USERS["alice"][0]
    bodies = [
        {"username": "alice"},
        {"password": password},
        {},
        {"username": "", "password": password},
        {"username": "alice", "password": ""},
        {"username": "alice", "password": rng.randint(10_000, 99_999)},
        {"username": ["alice"], "password": password},
        {"username": None, "password": password},
    ]
    for body in bodies:
        assert_error(client.post("/login", json=body), 400)
    for raw in ['{"username": "alice", "password": ', '["alice", "wonderland-42"]']:
        response = client.post("/login", content=raw, headers={"Content-Type": "application/json"})
        assert_error(response, 400)
