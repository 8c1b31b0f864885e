"""Hidden suite of challenge-12 (request-validation): POST /users validates name and email."""

import itertools
import string

import pytest

from grader.testing import assert_status, json_body, word


def valid_name(rng):
    return f"{word(rng).capitalize()} {word(rng).capitalize()}"


def valid_email(rng):
    return f"{word(rng)}.{word(rng)}@{word(rng)}.{rng.choice(['com', 'org', 'io', 'dev'])}"


def post_user(client, payload):
    return client.post("/users", json=payload)


def error_messages(response):
    """Asserts a rejection with {"errors": [non-empty strings]} and returns the messages. 400 or
    422 both count as the rejection here: that it is exactly 400 is its own check's subject."""
    assert_status(response, (400, 422))
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("errors"), list), (
        'a validation failure must answer {"errors": [...]}'
    )
    errors = body["errors"]
    for message in errors:
        assert isinstance(message, str) and message.strip(), "each error must be a non-empty string"
    return errors


def assert_invalid_fields(response, fields, sent):
    """400 with exactly one message per invalid field, each naming its field."""
    errors = error_messages(response)
    assert len(errors) == len(fields), (
        f"expected {len(fields)} error message(s), one per invalid field ({', '.join(fields)}), "
        f"got {len(errors)}: {errors!r} (sent {sent!r})"
    )
    lowered = [message.lower() for message in errors]
    matched = any(
        all(field in message for field, message in zip(fields, order))
        for order in itertools.permutations(lowered)
    )
    assert matched, (
        f"each message must name its field ({', '.join(fields)}); got {errors!r} (sent {sent!r})"
    )


def assert_created(response, name, email):
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict), "the created user must be a JSON object"
    assert body.get("name") == name, f"name must be {name!r}, got {body.get('name')!r}"
    assert body.get("email") == email, f"email must be {email!r}, got {body.get('email')!r}"
    return body


@pytest.mark.public
@pytest.mark.points(3)
def test_valid_user_created(client, rng):
    """A valid name and email answer 201 with the user"""
    name, email = valid_name(rng), valid_email(rng)
    assert_created(post_user(client, {"name": name, "email": email}), name, email)


@pytest.mark.public
@pytest.mark.points(2)
def test_missing_name(client, rng):
    """A missing name answers 400 with one error naming the name"""
    payload = {"email": valid_email(rng)}
    response = post_user(client, payload)
    assert_status(response, 400)
    assert_invalid_fields(response, ["name"], payload)


@pytest.mark.public
@pytest.mark.points(2)
def test_email_without_at(client, rng):
    """An email without @ answers 400 with one error naming the email"""
    payload = {"name": valid_name(rng), "email": f"{word(rng)}.{word(rng)}.com"}
    assert_invalid_fields(post_user(client, payload), ["email"], payload)


@pytest.mark.public
@pytest.mark.points(2)
def test_all_errors_reported_for_empty_object(client):
    """An empty object answers 400 with one error for name and one for email"""
    assert_invalid_fields(post_user(client, {}), ["name", "email"], {})


@pytest.mark.points(1)
def test_all_errors_reported_for_bad_values(client, rng):
    """A too-short name and a bad email are both reported"""
    # an email without @, the plainest defect: the finer email rules are other checks' subjects
    payload = {"name": rng.choice(string.ascii_letters), "email": f"{word(rng)}.{word(rng)}.com"}
    assert_invalid_fields(post_user(client, payload), ["name", "email"], payload)


@pytest.mark.points(1)
def test_name_length_counts_after_trimming(client, rng):
    """A name shorter than 2 characters once trimmed is rejected"""
    letter = rng.choice(string.ascii_letters)
    for name in [f"  {letter}  ", f"{letter} ", " " * rng.randint(2, 6), "\t\n", ""]:
        payload = {"name": name, "email": valid_email(rng)}
        assert_invalid_fields(post_user(client, payload), ["name"], payload)


@pytest.mark.points(1)
def test_two_character_names_accepted(client, rng):
    """Names of exactly 2 characters (after trimming) are accepted"""
    short = rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_lowercase)
    email = valid_email(rng)
    assert_created(post_user(client, {"name": short, "email": email}), short, email)
    padded = f"  {short} "
    email = valid_email(rng)
    response = post_user(client, {"name": padded, "email": email})
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("name") in (padded, short), (
        f"name must be the given name (trimmed or not), got {body.get('name')!r}"
    )
    assert body.get("email") == email, f"email must be {email!r}, got {body.get('email')!r}"


@pytest.mark.points(1)
def test_name_must_be_a_string(client, rng):
    """A name that is not a string (number, array, object, null, boolean) is rejected"""
    for name in [rng.randint(10, 99999), [word(rng), word(rng)], {"first": word(rng)}, None, True]:
        payload = {"name": name, "email": valid_email(rng)}
        assert_invalid_fields(post_user(client, payload), ["name"], payload)


@pytest.mark.points(2)
def test_email_needs_one_at_and_a_dot(client, rng):
    """Emails with no dot in the domain or more than one @ are rejected"""
    local, domain = word(rng), word(rng)
    for email in [f"{local}@{domain}", f"{local}@@{domain}.com", f"{local}@{word(rng)}@{domain}.com"]:
        payload = {"name": valid_name(rng), "email": email}
        assert_invalid_fields(post_user(client, payload), ["email"], payload)


@pytest.mark.points(1)
def test_email_parts_and_spaces(client, rng):
    """Emails with an empty part or whitespace are rejected"""
    local, domain = word(rng), word(rng)
    emails = [
        f"@{domain}.com",
        f"{local}@",
        f"{local}@.com",
        f"{local}@{domain}.",
        f"{local} {word(rng)}@{domain}.com",
        f"{local}@{domain} .com",
        "",
    ]
    for email in emails:
        payload = {"name": valid_name(rng), "email": email}
        assert_invalid_fields(post_user(client, payload), ["email"], payload)


@pytest.mark.points(1)
def test_email_must_be_a_string(client, rng):
    """An email that is not a string (number, array, null) is rejected"""
    for email in [rng.randint(1, 9999), [valid_email(rng)], None]:
        payload = {"name": valid_name(rng), "email": email}
        assert_invalid_fields(post_user(client, payload), ["email"], payload)


@pytest.mark.points(1)
def test_unusual_valid_emails_accepted(client, rng):
    """Valid emails with plus tags, subdomains, digits and capitals are accepted"""
    emails = [
        f"{word(rng)}.{word(rng)}+{word(rng)}@{word(rng)}.example.co.uk",
        f"{word(rng).upper()}_{rng.randint(1, 99)}@{word(rng).upper()}.ORG",
        f"{rng.choice(string.ascii_lowercase)}@{rng.choice(string.ascii_lowercase)}.io",
    ]
    for email in emails:
        name = valid_name(rng)
        assert_created(post_user(client, {"name": name, "email": email}), name, email)


@pytest.mark.points(1)
def test_body_must_be_a_json_object(client, rng):
    """A malformed JSON body or a non-object JSON body answers 400"""
    bodies = [
        '{"name": "' + valid_name(rng) + '", "email": ',
        f'[{{"name": "{valid_name(rng)}", "email": "{valid_email(rng)}"}}]',
        f'"{valid_email(rng)}"',
    ]
    for raw in bodies:
        response = client.post("/users", content=raw, headers={"Content-Type": "application/json"})
        assert_status(response, 400)
        body = json_body(response)
        ok = isinstance(body, dict) and (
            (isinstance(body.get("errors"), list) and len(body["errors"]) > 0)
            or (isinstance(body.get("error"), str) and body["error"].strip() != "")
        )
        assert ok, f'the body must be {{"errors": [...]}} or {{"error": "..."}}, got {body!r} (sent {raw!r})'
