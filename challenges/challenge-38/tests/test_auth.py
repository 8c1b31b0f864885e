"""Hidden suite for challenge-38, Full Authentication System: register/login/logout over
PostgreSQL, access + rotating refresh tokens with reuse detection, password reset through the
SMTP sink. The database is read through `pg` (passwords in clear, salting), the mails through
`mailbox`. Every check registers fresh random users, so earlier checks never get in the way."""

import base64
import hashlib
import re
import time

import pytest

from grader.testing import assert_error, json_body

TOKEN_IN_MAIL = re.compile(r"[?&]token=([A-Za-z0-9._~-]+)")


# --- helpers ---------------------------------------------------------------------------------
def new_email(rng):
    return f"user{rng.randrange(10**9)}.{rng.randrange(10**6)}@example.com"


def new_password(rng):
    return "pw-" + "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(12))


def register(client, email, password):
    response = client.post("/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, f"POST /auth/register {email}: expected status 201, got {response.status_code}"
    return json_body(response)


def login(client, email, password):
    """The token pair of a successful login (asserts its shape)."""
    response = client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, f"POST /auth/login {email}: expected status 200, got {response.status_code}"
    return assert_pair(response, "POST /auth/login")


def assert_pair(response, what):
    body = json_body(response)
    assert isinstance(body, dict), f"{what}: the body must be a JSON object, got {body!r}"
    for key in ("accessToken", "refreshToken"):
        assert isinstance(body.get(key), str) and body[key], f"{what}: {key!r} must be a non-empty string, got {body.get(key)!r}"
    return body


def user(client, rng):
    """A registered user: (email, password, the register answer)."""
    email, password = new_email(rng), new_password(rng)
    return email, password, register(client, email, password)


def me(client, access_token):
    return client.get("/auth/me", headers={"Authorization": f"Bearer {access_token}"})


def refresh(client, token):
    return client.post("/auth/refresh", json={"refreshToken": token})


def refreshed(client, token, what):
    response = refresh(client, token)
    assert response.status_code == 200, f"{what}: POST /auth/refresh expected status 200, got {response.status_code}"
    return assert_pair(response, what)


def request_reset(client, mailbox, email):
    """Asks for a reset of `email` and returns the token mailed to it."""
    response = client.post("/auth/password-reset/request", json={"email": email})
    assert response.status_code == 202, f"POST /auth/password-reset/request: expected status 202, got {response.status_code}"
    messages = wait_for_mail(mailbox, 1)
    assert len(messages) == 1, f"one reset request must send exactly one mail, the sink got {len(messages)}"
    return token_of(messages[0])


def wait_for_mail(mailbox, count, timeout=3.0):
    """The mailbox once it holds `count` messages (a server may send after answering), or what it has."""
    deadline = time.monotonic() + timeout
    while True:
        messages = mailbox.messages()
        if len(messages) >= count or time.monotonic() > deadline:
            return messages
        time.sleep(0.1)


def text_of(message):
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the reset mail must have a text/plain part"
    return part.get_content()


def token_of(message):
    match = TOKEN_IN_MAIL.search(text_of(message))
    assert match, f"the reset mail's text must contain 'token=<TOKEN>', it is: {text_of(message)[:300]!r}"
    return match.group(1)


def confirm(client, token, password):
    return client.post("/auth/password-reset/confirm", json={"token": token, "password": password})


def assert_confirmed(response, what):
    assert response.status_code in (200, 204), f"{what}: expected status 204 (or 200), got {response.status_code}"


def tampered(token):
    """The token with one character in its middle changed (for a JWT: the payload or signature)."""
    i = len(token) // 2
    while token[i] == ".":
        i += 1
    replacement = "A" if token[i] != "A" else "B"
    return token[:i] + replacement + token[i + 1:]


def password_hash(pg, email):
    row = pg.execute("SELECT password_hash FROM users WHERE email = %s", (email,)).fetchone()
    assert row is not None, f"no row in users for {email} after it registered"
    return row[0]


# --- register --------------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_register_creates_user(client, pg, rng):
    """POST /auth/register answers 201 {id, email} and writes the user to the users table"""
    email, password, body = user(client, rng)
    assert isinstance(body, dict) and body.get("email") == email, f"the 201 body must carry email {email!r}, got {body!r}"
    assert "id" in body, f"the 201 body must carry the user's id, got {body!r}"
    leaked = [k for k in body if "password" in k.lower() or "hash" in k.lower()]
    assert not leaked, f"the user object must not carry {leaked}"
    row = pg.execute("SELECT id FROM users WHERE email = %s", (email,)).fetchone()
    assert row is not None, f"no row in the users table with email {email!r}"
    assert str(row[0]) == str(body["id"]), f"the answered id {body['id']!r} must be users.id ({row[0]!r})"


@pytest.mark.public
@pytest.mark.points(1)
def test_register_duplicate_is_409(client, rng):
    """registering an email twice answers 409 with a JSON error"""
    email, _, _ = user(client, rng)
    response = client.post("/auth/register", json={"email": email, "password": new_password(rng)})
    assert_error(response, 409, f"POST /auth/register with the taken email {email}")


@pytest.mark.points(1)
def test_register_validation(client, pg, rng):
    """register rejects a missing or @-less email and a password under 8 characters with 400"""
    email = new_email(rng)
    for body, what in (({"email": email}, "no password"), ({"password": new_password(rng)}, "no email"),
                       ({"email": email.replace("@", "."), "password": new_password(rng)}, "an email without @"),
                       ({"email": email, "password": "short7!"}, "a 7-character password"),
                       ({"email": email, "password": 12345678}, "a number as password")):
        assert_error(client.post("/auth/register", json=body), 400, f"POST /auth/register with {what}")
    row = pg.execute("SELECT count(*) FROM users WHERE email = %s", (email,)).fetchone()
    assert row[0] == 0, f"an invalid register must not create {email}"


# --- passwords in the database ---------------------------------------------------------------
@pytest.mark.points(3)
def test_password_never_stored_in_clear(client, pg, mailbox, rng):
    """no column of any table holds a password in clear (after register, login and reset)"""
    email, password, _ = user(client, rng)
    login(client, email, password)
    reset_to = new_password(rng)
    assert_confirmed(confirm(client, request_reset(client, mailbox, email), reset_to), "the reset's confirm")
    tables = pg.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
    ).fetchall()
    for schema, table in tables:
        # Every column of every row as one text: a password stored anywhere, in any column, shows.
        rows = pg.execute(f'SELECT t::text FROM "{schema}"."{table}" AS t').fetchall()
        for secret in (password, reset_to):
            found = [r[0][:120] for r in rows if secret in r[0]]
            assert not found, f"the password {secret!r} is stored in clear in table {schema}.{table}: {found[0]!r}"


@pytest.mark.points(2)
def test_password_hash_is_salted(client, pg, rng):
    """password_hash is salted (same password, two users, two hashes) and not a bare digest"""
    password = new_password(rng)
    first, second = new_email(rng), new_email(rng)
    register(client, first, password)
    register(client, second, password)
    h1, h2 = password_hash(pg, first), password_hash(pg, second)
    assert isinstance(h1, str) and len(h1) >= 20, f"password_hash must be an encoded hash, got {h1!r}"
    assert h1 != h2, "two users with the same password got the same password_hash: the hash is not salted"
    raw = password.encode()
    for name in ("md5", "sha1", "sha256", "sha512"):
        d = hashlib.new(name, raw).digest()
        for form in (d.hex(), base64.b64encode(d).decode(), base64.b64encode(d).decode().rstrip("=")):
            assert form.lower() not in h1.lower(), f"password_hash contains the unsalted {name} of the password"


# --- login and the access token --------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_login_issues_token_pair(client, config, rng):
    """login answers the token pair and GET /auth/me with the access token answers the user"""
    email, password, registered = user(client, rng)
    pair = login(client, email, password)
    assert pair.get("tokenType") == "Bearer", f'tokenType must be "Bearer", got {pair.get("tokenType")!r}'
    ttl = int(config["env"]["ACCESS_TOKEN_TTL_SECONDS"])
    assert pair.get("expiresIn") == ttl, f"expiresIn must be ACCESS_TOKEN_TTL_SECONDS ({ttl}), got {pair.get('expiresIn')!r}"
    response = me(client, pair["accessToken"])
    assert response.status_code == 200, f"GET /auth/me with the access token: expected status 200, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and body.get("email") == email, f"/auth/me must answer the user {email}, got {body!r}"
    assert str(body.get("id")) == str(registered["id"]), f"/auth/me id must be {registered['id']!r}, got {body.get('id')!r}"


@pytest.mark.public
@pytest.mark.points(2)
def test_login_wrong_credentials_401(client, rng):
    """a wrong password and an unknown email both answer 401"""
    email, password, _ = user(client, rng)
    assert_error(client.post("/auth/login", json={"email": email, "password": password + "x"}), 401,
                 "POST /auth/login with a wrong password")
    assert_error(client.post("/auth/login", json={"email": new_email(rng), "password": password}), 401,
                 "POST /auth/login with an unknown email")


@pytest.mark.points(1)
def test_me_rejects_bad_tokens(client, rng):
    """GET /auth/me answers 401 without a token, with garbage and with a tampered access token"""
    email, password, _ = user(client, rng)
    pair = login(client, email, password)
    assert_error(client.get("/auth/me"), 401, "GET /auth/me without Authorization")
    assert_error(me(client, "not-a-token"), 401, "GET /auth/me with 'Bearer not-a-token'")
    assert_error(me(client, tampered(pair["accessToken"])), 401, "GET /auth/me with a tampered access token")


@pytest.mark.points(1)
def test_refresh_token_is_not_an_access_token(client, rng):
    """a refresh token presented as a Bearer to GET /auth/me is refused with 401"""
    email, password, _ = user(client, rng)
    pair = login(client, email, password)
    assert_error(me(client, pair["refreshToken"]), 401, "GET /auth/me with the refresh token as Bearer")


@pytest.mark.points(2)
def test_access_token_expires(client, server, rng):
    """with ACCESS_TOKEN_TTL_SECONDS=1 the access token is refused 2 s later, and refresh still works"""
    server.restart(env={"ACCESS_TOKEN_TTL_SECONDS": "1"})
    email, password, _ = user(client, rng)
    pair = login(client, email, password)
    assert pair.get("expiresIn") == 1, f"expiresIn must follow ACCESS_TOKEN_TTL_SECONDS=1, got {pair.get('expiresIn')!r}"
    time.sleep(2.2)
    assert_error(me(client, pair["accessToken"]), 401, "GET /auth/me with an access token 2.2 s past its 1 s lifetime")
    refreshed(client, pair["refreshToken"], "after the access token expired, the refresh token")


# --- refresh: rotation and reuse detection ---------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_refresh_rotates(client, rng):
    """refresh answers a new pair whose access token works, and the used refresh token is spent"""
    email, password, _ = user(client, rng)
    first = login(client, email, password)
    second = refreshed(client, first["refreshToken"], "the login's refresh token")
    assert second["refreshToken"] != first["refreshToken"], "refresh must answer a NEW refresh token (rotation)"
    response = me(client, second["accessToken"])
    assert response.status_code == 200, f"GET /auth/me with the refreshed access token: expected 200, got {response.status_code}"
    assert_error(refresh(client, first["refreshToken"]), 401, "POST /auth/refresh with the refresh token already used")


@pytest.mark.points(5)
def test_reuse_revokes_the_session(client, rng):
    """reusing a spent refresh token revokes its session (the newest token too), not the user's other sessions"""
    email, password, _ = user(client, rng)
    other = login(client, email, password)  # a second session (another device) of the same user
    first = login(client, email, password)
    second = refreshed(client, first["refreshToken"], "the login's refresh token")
    third = refreshed(client, second["refreshToken"], "the rotated refresh token")
    assert_error(refresh(client, first["refreshToken"]), 401, "POST /auth/refresh with a spent refresh token (reuse)")
    assert_error(refresh(client, third["refreshToken"]), 401,
                 "after a reuse was detected, the session's newest refresh token must be revoked too")
    refreshed(client, other["refreshToken"], "the user's other session, untouched by the reuse,")


@pytest.mark.public
@pytest.mark.points(2)
def test_logout_revokes_refresh_token(client, rng):
    """logout answers 204 and its refresh token is refused afterwards"""
    email, password, _ = user(client, rng)
    pair = login(client, email, password)
    response = client.post("/auth/logout", json={"refreshToken": pair["refreshToken"]})
    assert response.status_code == 204, f"POST /auth/logout: expected status 204, got {response.status_code}"
    assert_error(refresh(client, pair["refreshToken"]), 401, "POST /auth/refresh after logout")


@pytest.mark.points(1)
def test_sessions_survive_restart(client, server, rng):
    """a refresh token issued before a server restart still refreshes after it"""
    email, password, _ = user(client, rng)
    pair = login(client, email, password)
    server.restart()
    refreshed(client, pair["refreshToken"], "after a restart of the server, the refresh token")


# --- password reset --------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_reset_request_mails_token(client, mailbox, rng):
    """a reset request answers 202 and mails a token to the user; an unknown email gets 202 and no mail"""
    unknown = new_email(rng)
    response = client.post("/auth/password-reset/request", json={"email": unknown})
    assert response.status_code == 202, f"reset request for an unknown email: expected status 202, got {response.status_code}"
    email, _, _ = user(client, rng)
    request_reset(client, mailbox, email)
    messages, envelopes = mailbox.messages(), mailbox.envelopes()
    assert len(messages) == 1, f"only the registered user gets a mail, the sink got {len(messages)}"
    assert email in str(messages[0]["To"]), f"the mail's To must be {email}, got {messages[0]['To']!r}"
    assert email in " ".join(envelopes[0]["to"]), f"the SMTP recipient must be {email}, got {envelopes[0]['to']!r}"
    assert str(messages[0]["Subject"] or "").strip(), "the reset mail needs a non-empty Subject"


@pytest.mark.points(3)
def test_reset_sets_new_password(client, mailbox, rng):
    """the mailed token sets a new password: it logs in, the old one answers 401"""
    email, old, _ = user(client, rng)
    token = request_reset(client, mailbox, email)
    new = new_password(rng)
    assert_confirmed(confirm(client, token, new), "POST /auth/password-reset/confirm with the mailed token")
    login(client, email, new)
    assert_error(client.post("/auth/login", json={"email": email, "password": old}), 401,
                 "login with the old password after a reset")


@pytest.mark.points(2)
def test_reset_token_single_use(client, mailbox, rng):
    """a reset token works once; a second use and an unknown token answer 400"""
    email, _, _ = user(client, rng)
    token = request_reset(client, mailbox, email)
    first, second = new_password(rng), new_password(rng)
    assert_confirmed(confirm(client, token, first), "the first confirm with the mailed token")
    assert_error(confirm(client, token, second), 400, "a second confirm with the same reset token")
    login(client, email, first)
    assert_error(confirm(client, tampered(token), second), 400, "confirm with an unknown reset token")


@pytest.mark.points(2)
def test_reset_token_expires(client, server, mailbox, rng):
    """with RESET_TOKEN_TTL_SECONDS=1 a reset token is refused 2 s later and the password is unchanged"""
    server.restart(env={"RESET_TOKEN_TTL_SECONDS": "1"})
    email, old, _ = user(client, rng)
    token = request_reset(client, mailbox, email)
    time.sleep(2.2)
    assert_error(confirm(client, token, new_password(rng)), 400, "confirm 2.2 s after a reset token of 1 s was mailed")
    login(client, email, old)


@pytest.mark.points(2)
def test_reset_revokes_sessions(client, mailbox, rng):
    """after a password reset, refresh tokens issued before it are refused"""
    email, password, _ = user(client, rng)
    pairs = [login(client, email, password), login(client, email, password)]
    token = request_reset(client, mailbox, email)
    assert_confirmed(confirm(client, token, new_password(rng)), "POST /auth/password-reset/confirm")
    for n, pair in enumerate(pairs, 1):
        assert_error(refresh(client, pair["refreshToken"]), 401, f"refresh with session {n}'s token from before the reset")
