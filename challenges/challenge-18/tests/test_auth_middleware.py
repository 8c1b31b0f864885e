"""Hidden suite for challenge-18, Authentication Middleware: Bearer token from API_TOKEN."""

import base64
import string

import pytest

from grader.testing import assert_error, assert_status, bearer, json_body

DEFAULT_TOKEN = "secret123"
TOKEN_ALPHABET = string.ascii_letters + string.digits


def random_token(rng, length=24):
    return "tk-" + "".join(rng.choice(TOKEN_ALPHABET) for _ in range(length))


def assert_refused(response, what):
    """Not let through. Which status and body a refusal carries are its own check's subject,
    its WWW-Authenticate header its own check's: one defect costs one check."""
    assert response.status_code in (401, 403), f"{what}: must be refused (401), got {response.status_code}"


def refusals(client, config, rng):
    """(what, response) for a request of each kind the spec refuses; the missing header first."""
    token = config["env"]["API_TOKEN"]
    cases = [("without Authorization", None), ("with a wrong token", bearer(random_token(rng))),
             ("with the token under Basic", {"Authorization": f"Basic {token}"}),
             ("with 'Bearer' alone", {"Authorization": "Bearer"})]
    return [(f"GET /protected {what}", client.get("/protected", headers=headers)) for what, headers in cases]


def assert_user(body, what):
    user = body.get("user") if isinstance(body, dict) else None
    assert isinstance(user, dict), f'{what}: the body must carry "user", an object, got {body!r}'
    assert "id" in user and type(user["id"]) in (str, int, float), (
        f"{what}: user.id must be a JSON string or number, got {user.get('id')!r}"
    )
    assert isinstance(user.get("name"), str) and user["name"].strip(), (
        f"{what}: user.name must be a non-empty string, got {user.get('name')!r}"
    )


def assert_granted(client, headers, what):
    response = client.get("/protected", headers=headers)
    assert response.status_code == 200, f"{what}: expected status 200, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and body.get("message") == "Access granted", (
        f"{what}: the body must have message 'Access granted', got {body!r}"
    )
    assert_user(body, what)


@pytest.mark.public
@pytest.mark.points(2)
def test_protected_with_token(client, config):
    """GET /protected with the configured Bearer token answers 200 with the message and the user"""
    assert_granted(client, bearer(config["env"]["API_TOKEN"]), "GET /protected with the right token")


@pytest.mark.public
@pytest.mark.points(1)
def test_public_route(client, rng):
    """GET /public answers 200 with or without an Authorization header"""
    for headers in (None, bearer(random_token(rng))):
        response = client.get("/public", headers=headers)
        assert_status(response, 200)
        body = json_body(response)
        assert isinstance(body, dict), f"GET /public must answer a JSON object, got {body!r}"


@pytest.mark.public
@pytest.mark.points(2)
def test_missing_header(client, config, rng):
    """a refused request (no header, a wrong token, another scheme) answers 401 with an error body"""
    for index, (what, response) in enumerate(refusals(client, config, rng)):
        if index and response.status_code < 400:
            continue  # let through: that is the check about this kind of request, not this one
        assert response.status_code == 401, (
            f"{what}: expected status 401 (not authenticated; 403 would mean authenticated but not allowed), "
            f"got {response.status_code}"
        )
        assert_error(response, 401, what)


@pytest.mark.points(1)
def test_www_authenticate(client, config, rng):
    """every 401 carries the header WWW-Authenticate: Bearer"""
    for index, (what, response) in enumerate(refusals(client, config, rng)):
        if index and response.status_code < 400:
            continue
        assert_refused(response, what)
        challenge = response.headers.get("www-authenticate", "")
        assert challenge.strip().lower().startswith("bearer"), (
            f"{what}: a 401 must carry the header WWW-Authenticate: Bearer, got {challenge or '(none)'!r}"
        )


@pytest.mark.points(2)
def test_wrong_tokens(client, config, rng):
    """wrong tokens (random, a prefix, the token plus a suffix, other case) answer 401"""
    token = config["env"]["API_TOKEN"]
    wrong = [random_token(rng), token[: rng.randint(3, len(token) - 1)], token + rng.choice(TOKEN_ALPHABET),
             token.swapcase(), DEFAULT_TOKEN]  # secret123 is only the fallback for an unset API_TOKEN
    rng.shuffle(wrong)
    for candidate in wrong:
        assert_refused(client.get("/protected", headers=bearer(candidate)),
                            f"GET /protected with Authorization: Bearer {candidate}")


@pytest.mark.points(2)
def test_other_schemes(client, config, rng):
    """the right token under another scheme, or without a scheme, answers 401"""
    token = config["env"]["API_TOKEN"]
    basic = base64.b64encode(f"user:{token}".encode()).decode()
    values = [f"Basic {basic}", f"Basic {token}", f"Token {token}", token, f"Bearer{token}"]
    rng.shuffle(values)
    for value in values:
        assert_refused(client.get("/protected", headers={"Authorization": value}),
                            f"GET /protected with Authorization: {value}")


@pytest.mark.points(2)
def test_malformed_bearer(client, config, rng):
    """'Bearer' without a token, or a token followed by more words, answers 401"""
    token = config["env"]["API_TOKEN"]
    values = ["Bearer", f"Bearer {token} {token}", f"Bearer {token} {random_token(rng, 6)}",
              f"Bearer {token[:4]} {token[4:]}"]
    rng.shuffle(values)
    for value in values:
        assert_refused(client.get("/protected", headers={"Authorization": value}),
                            f"GET /protected with Authorization: {value}")


@pytest.mark.points(1)
def test_scheme_case_insensitive(client, config):
    """the Bearer scheme name is case-insensitive (bearer, BEARER)"""
    token = config["env"]["API_TOKEN"]
    for scheme in ("bearer", "BEARER", "bEaReR"):
        assert_granted(client, bearer(token, scheme), f"GET /protected with Authorization: {scheme} <token>")


@pytest.mark.points(2)
def test_profile_is_protected(client, config):
    """GET /protected/profile is protected the same way and answers the user"""
    assert_refused(client.get("/protected/profile"), "GET /protected/profile without Authorization")
    response = client.get("/protected/profile", headers=bearer(config["env"]["API_TOKEN"]))
    assert_status(response, 200)
    assert_user(json_body(response), "GET /protected/profile with the right token")


@pytest.mark.points(2)
def test_token_from_environment(client, server, config, rng):
    """the token is read from API_TOKEN: after a restart with a random one, that one works"""
    token = random_token(rng)
    server.restart(env={"API_TOKEN": token})
    assert_granted(client, bearer(token), "GET /protected with the new API_TOKEN")


@pytest.mark.points(1)
def test_default_token(client, server):
    """without API_TOKEN the token is secret123"""
    server.restart(env={"API_TOKEN": None})
    assert_granted(client, bearer(DEFAULT_TOKEN), "GET /protected with Bearer secret123 (API_TOKEN unset)")
