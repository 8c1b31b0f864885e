"""Hidden suite of challenge-29 (email-validation): POST /validate-email reports every broken rule."""

import string

import pytest

from grader.testing import assert_status, json_body, word

REQUIRED = "Email is required"
TOO_LONG = "Email must be at most 254 characters"
SPACES = "Email must not contain spaces"
ONE_AT = "Email must contain exactly one @"
LOCAL_EMPTY = "Local part must not be empty"
LOCAL_LONG = "Local part must be at most 64 characters"
DOMAIN_CHARS = "Domain may only contain letters, digits, hyphens and dots"
DOT = "Domain must contain a dot"
EMPTY_LABEL = "Domain labels must not be empty"
HYPHEN = "Domain labels must not start or end with a hyphen"
TLD = "Top-level domain must be at least 2 letters"

VALID = [
    "user@example.com",
    "a@b.co",
    "first.last@example.co.uk",
    "first.last+tag@sub.example.org",
    "USER_123@EXAMPLE.IO",
    "x@mail-server.example.net",
    "o'brien@example.ie",
    "user%percent@example.com",
    "1234567890@numbers.example.com",
    "a.b-c_d@e-f.gh",
    "user@123.example.com",
    "user@xn--bcher-kva.example",
    "user-@example.com",
    "_@example.travel",
    "disposable.style.email.with+symbol@a-b-c.d-e.museum",
    "Mixed.Case@Sub.Domain.Example.Org",
]

AT_AND_LOCAL = {
    "plainaddress": [ONE_AT],
    "user.example.com": [ONE_AT],
    "user@@example.com": [ONE_AT],
    "user@mail@example.com": [ONE_AT],
    "@example.com": [LOCAL_EMPTY],
    "@": [LOCAL_EMPTY],
}

DOMAIN = {
    "user@localhost": [DOT],
    "user@": [DOT],
    "user@example.c": [TLD],
    "user@example.c0m": [TLD],
    "user@example.123": [TLD],
    "user@-example.com": [HYPHEN],
    "user@example-.com": [HYPHEN],
    "user@sub.-example.com": [HYPHEN],
    "user@.example.com": [EMPTY_LABEL],
    "user@example..com": [EMPTY_LABEL],
    "user@exam_ple.com": [DOMAIN_CHARS],
    "user@exa!mple.com": [DOMAIN_CHARS],
    "user@example.com/": [DOMAIN_CHARS],
    "user@example.com.": [EMPTY_LABEL],
    "user@example.com-": [HYPHEN],
}

MULTIPLE = {
    "ada lovelace@localhost": [SPACES, DOT],
    "ada@exa mple.com": [SPACES, DOMAIN_CHARS],
    "two words": [SPACES, ONE_AT],
    "a b@c@d.com": [SPACES, ONE_AT],
    "@localhost": [LOCAL_EMPTY, DOT],
    "@-example.c": [LOCAL_EMPTY, HYPHEN, TLD],
    "user@-bad_domain.x": [DOMAIN_CHARS, HYPHEN, TLD],
    "@.com": [LOCAL_EMPTY, EMPTY_LABEL],
    "us\ter@exam ple..c-": [SPACES, DOMAIN_CHARS, EMPTY_LABEL, HYPHEN, TLD],
}


def random_valid(rng):
    local = rng.choice([
        word(rng),
        f"{word(rng)}.{word(rng)}",
        f"{word(rng)}+{word(rng, low=1, high=5)}",
        f"{word(rng, low=2, high=6).capitalize()}_{rng.randint(1, 999)}",
    ])
    labels = [word(rng, low=1, high=12, alphabet=string.ascii_lowercase + string.digits) for _ in range(rng.randint(1, 3))]
    tld = word(rng, low=2, high=6, alphabet=string.ascii_letters)
    return f"{local}@{'.'.join(labels)}.{tld}"


def check(client, sent):
    """POSTs the email and returns (email, valid, errors), asserting the response shape."""
    response = client.post("/validate-email", json={"email": sent})
    # 400 is read too: that an invalid address still answers 200 is its own check's subject
    assert_status(response, (200, 400))
    body = json_body(response)
    assert isinstance(body, dict), "the answer must be a JSON object"
    errors, valid = body.get("errors"), body.get("valid")
    assert isinstance(errors, list) and all(isinstance(e, str) for e in errors), (
        f'"errors" must be an array of strings, got {errors!r} (for {sent!r})'
    )
    assert isinstance(valid, bool), f'"valid" must be a boolean, got {valid!r} (for {sent!r})'
    assert valid == (not errors), f'"valid" must be true exactly when "errors" is empty (for {sent!r}: {body!r})'
    return body.get("email"), valid, errors


def assert_result(client, sent, expected_errors, expected_email=None, exact=None):
    """The answer for `sent`. A valid address (no expected errors) must have no errors at all; an
    invalid one must carry the expected messages, and exactly those in the README's order only when
    exact: every message and their order are its own check's subject, so a validator
    that stops at the first error, or orders its messages differently, costs that check alone."""
    exact = not expected_errors if exact is None else exact
    expected_email = sent.strip() if expected_email is None else expected_email
    email, valid, errors = check(client, sent)
    assert email == expected_email, f'"email" must be the trimmed input {expected_email!r}, got {email!r}'
    if exact:
        assert errors == expected_errors, (
            f"for {sent!r} the errors must be {expected_errors!r} (all broken rules, in the README's order), "
            f"got {errors!r}"
        )
    else:
        missing = [message for message in expected_errors if message not in errors]
        assert not missing, f"for {sent!r} the errors must include {missing!r}, got {errors!r}"
    assert valid is (not expected_errors)


@pytest.mark.public
@pytest.mark.points(2)
def test_valid_email(client, rng):
    """A valid address answers 200 with valid true and no errors"""
    assert_result(client, random_valid(rng), [])


@pytest.mark.public
@pytest.mark.points(1)
def test_missing_at(client, rng):
    """An address without @ answers 200 with valid false and the one-@ message"""
    sent = f"{word(rng)}.{word(rng)}.com"
    assert_status(client.post("/validate-email", json={"email": sent}), 200)
    assert_result(client, sent, [ONE_AT])


@pytest.mark.public
@pytest.mark.points(1)
def test_required(client):
    """An empty or whitespace-only address gives only "Email is required\""""
    assert_result(client, "", [REQUIRED])
    assert_result(client, "   \t ", [REQUIRED], expected_email="")


@pytest.mark.points(2)
def test_many_valid_addresses(client, rng):
    """A wide range of valid addresses, fixed and random, are valid"""
    for email in VALID + [random_valid(rng) for _ in range(8)]:
        assert_result(client, email, [])


@pytest.mark.points(1)
def test_at_and_local_part_rules(client, rng):
    """Missing or repeated @ and an empty local part give exactly their message"""
    cases = dict(AT_AND_LOCAL)
    cases[f"{word(rng)}@{word(rng)}@{word(rng)}.org"] = [ONE_AT]
    cases[f"@{word(rng)}.{word(rng, low=2, high=4)}"] = [LOCAL_EMPTY]
    for email, expected in cases.items():
        assert_result(client, email, expected)


@pytest.mark.points(2)
def test_domain_rules(client, rng):
    """Each domain rule (dot, labels, hyphens, characters, TLD) gives exactly its message"""
    cases = dict(DOMAIN)
    cases[f"{word(rng)}@{word(rng)}"] = [DOT]
    cases[f"{word(rng)}@{word(rng)}.{rng.choice(string.ascii_lowercase)}"] = [TLD]
    cases[f"{word(rng)}@{word(rng)}-.{word(rng, low=2, high=4)}"] = [HYPHEN]
    for email, expected in cases.items():
        assert_result(client, email, expected)


@pytest.mark.points(2)
def test_multiple_errors_in_order(client):
    """Several broken rules give every message, in the README's order"""
    for email, expected in MULTIPLE.items():
        assert_result(client, email, expected, exact=True)


@pytest.mark.points(1)
def test_trimming_and_inner_whitespace(client, rng):
    """The address is trimmed; whitespace inside it is an error"""
    address = random_valid(rng)
    assert_result(client, f"  {address}  ", [], expected_email=address)
    assert_result(client, f"\t{address}\n", [], expected_email=address)
    local, domain = address.split("@")
    assert_result(client, f" {local} x@{domain} ", [SPACES], expected_email=f"{local} x@{domain}")
    assert_result(client, f"{local}\t@{domain}", [SPACES])


@pytest.mark.points(1)
def test_length_limits(client, rng):
    """254 and 64 characters are allowed, 255 and 65 are not"""
    def domain_of(length):
        # labels of at most 60 characters, then ".com"; total length exactly `length`
        body_len = length - 4
        labels, remaining = [], body_len
        while remaining > 0:
            size = min(60, remaining)
            if remaining - size == 1:  # never leave a 0-character label after the dot
                size -= 1
            labels.append(word(rng, size))
            remaining -= size + 1
        domain = ".".join(labels) + ".com"
        assert len(domain) == length, (len(domain), length)
        return domain

    local64 = word(rng, 64)
    assert_result(client, f"{local64}@{domain_of(254 - 65)}", [])
    assert_result(client, f"{local64}@{domain_of(255 - 65)}", [TOO_LONG])
    assert_result(client, f"{word(rng, 65)}@example.com", [LOCAL_LONG])
    # both limits broken: every message of it is its own check's kind of case
    assert_result(client, f"{word(rng, 65)}@{domain_of(255 - 66)}", [TOO_LONG, LOCAL_LONG])
    assert_result(client, f"{word(rng, 20)}@{domain_of(300)}", [TOO_LONG])


@pytest.mark.points(1)
def test_body_without_string_email_400(client, rng):
    """A body without a string email, or not a JSON object, answers 400"""
    email = random_valid(rng)
    for payload in [{}, {"email": None}, {"email": rng.randint(1, 9999)}, {"email": [email]},
                    {"mail": email}]:
        response = client.post("/validate-email", json=payload)
        assert_status(response, 400)
        body = json_body(response)
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"].strip(), (
            f'a bad request must answer {{"error": <non-empty string>}}, got {body!r} (sent {payload!r})'
        )
    for raw in ['{"email": ', f'["{email}"]']:
        response = client.post("/validate-email", content=raw, headers={"Content-Type": "application/json"})
        assert_status(response, 400)
        body = json_body(response)
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"].strip(), (
            f'a bad request must answer {{"error": <non-empty string>}}, got {body!r} (sent {raw!r})'
        )
