"""Hidden suite of challenge-26 (password-hashing): bcrypt hashes in users.json, register and login."""

import json
import re
import string

import bcrypt
import pytest

from grader.testing import assert_error, assert_status, json_body

BCRYPT_RE = re.compile(r"\$(2[aby])\$(\d\d)\$[./A-Za-z0-9]{53}")
USERNAME_CHARS = string.ascii_letters + string.digits + "_"


def new_username(rng, length=None):
    """A valid username nobody else in this run uses (the users file lives for the whole run)."""
    length = length or rng.randint(6, 14)
    first = rng.choice(string.ascii_lowercase)
    return first + "".join(rng.choice(USERNAME_CHARS) for _ in range(length - 1))


def new_password(rng, length=None):
    length = length or rng.randint(10, 20)
    alphabet = string.ascii_letters + string.digits + "!#%&*+-.?@^~ "
    return "".join(rng.choice(alphabet) for _ in range(length))


def register(client, username, password):
    return client.post("/register", json={"username": username, "password": password})


def login(client, username, password):
    return client.post("/login", json={"username": username, "password": password})


def assert_registered(response, username, body_too=False):
    """The registration succeeded (201). Its body (a message and the username) is checked only when
    body_too, in its own check: a body missing the username costs that check, not every
    check that registers a user first."""
    assert_status(response, 201)
    if not body_too:
        return
    body = json_body(response)
    assert isinstance(body, dict), "a registration must answer a JSON object"
    message = body.get("message")
    assert isinstance(message, str) and message.strip(), '201 body must have a non-empty "message"'
    assert body.get("username") == username, (
        f'201 body "username" must be {username!r}, got {body.get("username")!r}'
    )


def assert_login_ok(response):
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("message") == "Login successful", (
        f'a successful login must answer {{"message": "Login successful"}}, got {body!r}'
    )


def stored_users(server):
    try:
        raw = server.read_file("users.json")
    except Exception as exc:  # noqa: BLE001 - reported as a failed check
        raise AssertionError(f"users.json could not be read from the server's working directory: {exc}") from None
    try:
        users = json.loads(raw)
    except ValueError as exc:
        raise AssertionError(f"users.json is not valid JSON ({exc}): {raw[:200]!r}") from None
    assert isinstance(users, list), f"users.json must be a JSON array, got {type(users).__name__}"
    return raw.decode("utf-8", "replace"), users


def records_for(server, username):
    text, users = stored_users(server)
    found = [u for u in users if isinstance(u, dict) and u.get("username") == username]
    return text, found


def stored_hash(server, username):
    text, found = records_for(server, username)
    assert found, f"users.json must contain an object with \"username\": {username!r} once it is registered"
    assert len(found) == 1, f"users.json must contain {username!r} once, found {len(found)} entries"
    digest = found[0].get("passwordHash")
    assert isinstance(digest, str), f'the user\'s "passwordHash" must be a string, got {digest!r}'
    return text, digest


def assert_bcrypt_of(digest, password):
    assert digest != password, "passwordHash is the plain password"
    match = BCRYPT_RE.fullmatch(digest)
    assert match, (
        f"passwordHash must be a bcrypt hash ($2a$/$2b$/$2y$, cost, 53 characters of salt and hash), "
        f"got {digest!r}"
    )
    cost = int(match.group(2))
    assert cost >= 10, f"the bcrypt cost must be at least 10, got {cost} ({digest[:7]}...)"
    assert bcrypt.checkpw(password.encode(), digest.encode()), (
        "passwordHash is a bcrypt hash but does not match the registered password"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_register_created(client, rng):
    """A valid registration answers 201 with a message and the username"""
    username = new_username(rng)
    assert_registered(register(client, username, new_password(rng)), username, body_too=True)


@pytest.mark.public
@pytest.mark.points(2)
def test_login_after_register(client, rng):
    """Login answers 200 for the right password and 401 for a wrong one"""
    username, password = new_username(rng), new_password(rng)
    assert_registered(register(client, username, password), username)
    assert_login_ok(login(client, username, password))
    assert_error(login(client, username, password + rng.choice(string.ascii_letters)), 401)


@pytest.mark.public
@pytest.mark.points(1)
def test_duplicate_username_409(client, rng):
    """Registering an existing username again answers 409"""
    username = new_username(rng)
    assert_registered(register(client, username, new_password(rng)), username)
    assert_error(register(client, username, new_password(rng)), 409)


@pytest.mark.points(3)
def test_users_file_has_bcrypt_hash(client, server, rng):
    """users.json stores a bcrypt hash (cost >= 10) of the password, never the password"""
    username, password = new_username(rng), new_password(rng)
    assert_registered(register(client, username, password), username)
    text, digest = stored_hash(server, username)
    assert password not in text, "users.json contains the plain-text password"
    assert_bcrypt_of(digest, password)


@pytest.mark.points(1)
def test_same_password_different_hashes(client, server, rng):
    """Two users with the same password get different hashes (salted)"""
    password = new_password(rng)
    first, second = new_username(rng), new_username(rng)
    for username in (first, second):
        assert_registered(register(client, username, password), username)
    _, digest_one = stored_hash(server, first)
    _, digest_two = stored_hash(server, second)
    assert_bcrypt_of(digest_one, password)
    assert BCRYPT_RE.fullmatch(digest_two), f"passwordHash must be a bcrypt hash, got {digest_two!r}"
    assert digest_one[:29] != digest_two[:29], (
        "the same password must hash differently for two users (bcrypt with a new random salt each time)"
    )


@pytest.mark.points(1)
def test_invalid_registration_400(client, server, rng):
    """Invalid usernames and passwords, missing fields and bad JSON answer 400"""
    good_password = new_password(rng)
    bad = [
        ({"username": new_username(rng, 2), "password": good_password}, "a 2-character username"),
        ({"username": new_username(rng, 31), "password": good_password}, "a 31-character username"),
        ({"username": f"{new_username(rng, 5)} {new_username(rng, 4)}", "password": good_password},
         "a username with a space"),
        ({"username": f"{new_username(rng, 5)}-{new_username(rng, 4)}", "password": good_password},
         "a username with a hyphen"),
        ({"username": new_username(rng), "password": new_password(rng, 7)}, "a 7-character password"),
        ({"username": new_username(rng), "password": ""}, "an empty password"),
        ({"username": new_username(rng)}, "no password"),
        ({"password": good_password}, "no username"),
        ({"username": rng.randint(1000, 99999), "password": good_password}, "a numeric username"),
        ({"username": new_username(rng), "password": rng.randint(10**8, 10**9)}, "a numeric password"),
    ]
    for payload, what in bad:
        response = client.post("/register", json=payload)
        assert response.status_code == 400, f"POST /register with {what} must answer 400, got {response.status_code}"
        assert_error(response, 400)
    for raw in ['{"username": "' + new_username(rng) + '", "password": ', f'["{new_username(rng)}"]']:
        response = client.post("/register", content=raw, headers={"Content-Type": "application/json"})
        assert_error(response, 400)
    rejected = {p["username"] for p, _ in bad if isinstance(p.get("username"), str)}
    try:
        _, users = stored_users(server)
    except AssertionError:
        return  # no file yet: nothing was stored
    stored = {u.get("username") for u in users if isinstance(u, dict)}
    assert not (rejected & stored), f"rejected registrations must not be stored: {sorted(rejected & stored)}"


@pytest.mark.points(1)
def test_boundary_values_accepted(client, rng):
    """3- and 30-character usernames and an 8-character password are accepted"""
    cases = [
        (new_username(rng, 3), new_password(rng)),
        (new_username(rng, 28).upper() + "_" + str(rng.randint(0, 9)), new_password(rng, 8)),
    ]
    # registration only: that a registered user can log in is its own check's subject
    for username, password in cases:
        assert_registered(register(client, username, password), username)


@pytest.mark.points(1)
def test_no_secret_in_responses(client, server, rng):
    """No response contains the password or the stored hash"""
    username, password = new_username(rng), new_password(rng)
    responses = [register(client, username, password)]
    assert_registered(responses[0], username)
    _, digest = stored_hash(server, username)
    responses.append(login(client, username, password))  # whether it succeeds is another check's subject
    responses.append(register(client, username, password))
    responses.append(login(client, username, password + "x"))
    for response in responses:
        where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
        assert password not in response.text, f"the response of {where} contains the password"
        assert digest not in response.text, f"the response of {where} contains the password hash"


@pytest.mark.points(1)
def test_duplicate_keeps_original_password(client, server, rng):
    """A rejected duplicate registration leaves the original user unchanged"""
    username, original, other = new_username(rng), new_password(rng), new_password(rng)
    assert_registered(register(client, username, original), username)
    # refused; that the refusal is a 409 is its own check's subject
    refusal = register(client, username, other)
    assert 400 <= refusal.status_code < 500, f"a duplicate registration must be refused (409), got {refusal.status_code}"
    _, found = records_for(server, username)
    assert len(found) == 1, f"users.json must contain {username!r} once, found {len(found)} entries"
    assert_login_ok(login(client, username, original))
    assert_error(login(client, username, other), 401)


# Last on purpose: a login that crashes the server (e.g. on a missing password) must not cost
# the checks after it.
@pytest.mark.points(1)
def test_login_failures(client, rng):
    """Unknown users and wrong-case passwords answer 401, missing fields 400"""
    username, password = new_username(rng), new_password(rng) + "aB"
    assert_registered(register(client, username, password), username)
    assert_error(login(client, new_username(rng), password), 401)
    assert_error(login(client, username, password.swapcase()), 401)
    assert_error(client.post("/login", json={"username": username}), 400)
    assert_error(client.post("/login", json={"username": username, "password": rng.randint(10**8, 10**9)}), 400)
