"""Hidden suite of challenge-25 (jwt-verify): Bearer JWT middleware protecting /profile and /admin."""

import base64
import json
import time

import jwt
import pytest

from grader.testing import assert_error, assert_status, bearer, json_body, random_secret, word


def secret_in_effect(server, config):
    return server.env.get("JWT_SECRET", config["env"]["JWT_SECRET"])


def claims_for(rng, role, **extra):
    now = int(time.time())
    claims = {"sub": word(rng), "role": role, "iat": now - 10, "exp": now + rng.randint(600, 7200)}
    claims.update(extra)
    return claims


def sign(claims, secret, algorithm="HS256"):
    return jwt.encode(claims, secret, algorithm=algorithm)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(obj) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


def assert_rejected(client, headers, what, paths=("/profile", "/admin")):
    for path in paths:
        response = client.get(path, headers=headers)
        assert response.status_code == 401, (
            f"GET {path} with {what} must answer 401, got {response.status_code}"
        )
        assert_error(response, 401)


def assert_profile(client, token, claims):
    response = client.get("/profile", headers=bearer(token))
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("user"), dict), (
        'GET /profile must answer {"user": {...the decoded claims...}}'
    )
    user = body["user"]
    for key in ("sub", "role"):
        assert user.get(key) == claims[key], (
            f'"user.{key}" must be the token\'s {key} {claims[key]!r}, got {user.get(key)!r}'
        )


def assert_admin_ok(client, token):
    response = client.get("/admin", headers=bearer(token))
    assert_status(response, 200)
    body = json_body(response)
    message = body.get("message") if isinstance(body, dict) else None
    assert isinstance(message, str) and message.strip(), (
        'GET /admin with an admin token must answer {"message": <non-empty string>}'
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_profile_with_valid_token(client, server, config, rng):
    """GET /profile with a valid token answers 200 with the token's sub and role"""
    secret = secret_in_effect(server, config)
    for role in ("user", "admin"):
        claims = claims_for(rng, role)
        assert_profile(client, sign(claims, secret), claims)


@pytest.mark.public
@pytest.mark.points(1)
def test_missing_header_401(client):
    """A request without Authorization header answers 401 on /profile"""
    assert_error(client.get("/profile"), 401)


@pytest.mark.public
@pytest.mark.points(1)
def test_admin_with_admin_token(client, server, config, rng):
    """GET /admin with an admin token answers 200 with a message"""
    assert_admin_ok(client, sign(claims_for(rng, "admin"), secret_in_effect(server, config)))


@pytest.mark.points(2)
def test_admin_forbidden_for_other_roles(client, server, config, rng):
    """GET /admin with a valid non-admin token answers 403, not 401"""
    secret = secret_in_effect(server, config)
    user_claims = claims_for(rng, "user")
    tokens = [
        ("role 'user'", user_claims),
        ("role 'Admin'", claims_for(rng, "Admin")),
        (f"role {word(rng)!r}", claims_for(rng, word(rng))),
        ("no role claim", {k: v for k, v in claims_for(rng, "x").items() if k != "role"}),
    ]
    for what, claims in tokens:
        response = client.get("/admin", headers=bearer(sign(claims, secret)))
        assert response.status_code == 403, (
            f"GET /admin with a valid token with {what} must answer 403 (authenticated, not allowed), "
            f"got {response.status_code}"
        )
        assert_error(response, 403)
    # the same token is still good for /profile
    assert_profile(client, sign(user_claims, secret), user_claims)


@pytest.mark.points(1)
def test_bad_scheme_and_malformed_tokens_401(client, server, config, rng):
    """Other schemes, a bare token and malformed tokens answer 401"""
    good = sign(claims_for(rng, "admin"), secret_in_effect(server, config))
    basic = base64.b64encode(f"{word(rng)}:{word(rng)}".encode()).decode()
    cases = [
        ({"Authorization": f"Basic {basic}"}, "a Basic header"),
        ({"Authorization": f"Token {good}"}, "the Token scheme"),
        ({"Authorization": good}, "a bare token without 'Bearer '"),
        ({"Authorization": "Bearer"}, "'Bearer' without a token"),
        (bearer(word(rng, low=10, high=20)), "a token that is not a JWT"),
        (bearer(f"{word(rng)}.{word(rng)}.{word(rng)}"), "a token of three random segments"),
        (bearer(good[:-6]), "a token with a truncated signature"),
    ]
    for headers, what in cases:
        assert_rejected(client, headers, what)


@pytest.mark.points(2)
def test_expired_and_expiryless_tokens_401(client, server, config, rng):
    """Expired tokens and tokens without exp answer 401"""
    secret = secret_in_effect(server, config)
    now = int(time.time())
    expired = claims_for(rng, "admin", iat=now - 7200, exp=now - rng.randint(120, 3600))
    assert_rejected(client, bearer(sign(expired, secret)), "an expired token")
    no_exp = {k: v for k, v in claims_for(rng, "admin").items() if k != "exp"}
    assert_rejected(client, bearer(sign(no_exp, secret)), "a token without exp")


@pytest.mark.points(2)
def test_wrong_secret_and_tampered_payload_401(client, server, config, rng):
    """Tokens signed with another secret or with a changed payload answer 401"""
    secret = secret_in_effect(server, config)
    forged = sign(claims_for(rng, "admin"), random_secret(rng))
    assert_rejected(client, bearer(forged), "a token signed with another secret")

    claims = claims_for(rng, "user")
    header, _payload, signature = sign(claims, secret).split(".")
    tampered = f"{header}.{segment({**claims, 'role': 'admin'})}.{signature}"
    assert_rejected(client, bearer(tampered), "a token whose payload was changed after signing (role -> admin)")


@pytest.mark.points(1)
def test_unsigned_and_other_algorithm_tokens_401(client, server, config, rng):
    """Unsigned alg-none tokens and HS512 tokens answer 401"""
    secret = secret_in_effect(server, config)
    claims = claims_for(rng, "admin")
    unsigned = f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims)}."
    assert_rejected(client, bearer(unsigned), 'an unsigned token ("alg": "none")')
    none_upper = f"{segment({'alg': 'None', 'typ': 'JWT'})}.{segment(claims)}."
    assert_rejected(client, bearer(none_upper), 'an unsigned token ("alg": "None")')
    hs512 = sign(claims, secret, algorithm="HS512")
    assert_rejected(client, bearer(hs512), "an HS512 token (only HS256 is accepted)")


@pytest.mark.points(2)
def test_secret_comes_from_environment(client, server, config, rng):
    """After a restart with a random JWT_SECRET, only tokens signed with it are accepted"""
    old_secret = secret_in_effect(server, config)
    new_secret = random_secret(rng)
    server.restart(env={"JWT_SECRET": new_secret})
    claims = claims_for(rng, "admin")
    response = client.get("/profile", headers=bearer(sign(claims, new_secret)))
    assert response.status_code == 200, (
        f"after a restart with another JWT_SECRET, tokens signed with it must be accepted, got "
        f"{response.status_code} (is the secret written into the code?)"
    )
    assert_profile(client, sign(claims, new_secret), claims)
    assert_admin_ok(client, sign(claims, new_secret))
    assert_rejected(client, bearer(sign(claims_for(rng, "admin"), old_secret)),
                    "a token signed with the previous JWT_SECRET")


@pytest.mark.points(1)
def test_admin_unauthenticated_is_401(client, rng):
    """GET /admin without a valid token answers 401, not 403"""
    # no token at all, or one that is not a JWT: which tokens verify is the other checks' subject
    cases = [
        ({}, "no Authorization header"),
        (bearer(f"{word(rng)}.{word(rng)}"), "a token that is not a JWT"),
    ]
    for headers, what in cases:
        assert_rejected(client, headers, what, paths=("/admin",))
