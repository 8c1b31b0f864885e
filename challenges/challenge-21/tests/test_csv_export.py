"""Hidden suite for challenge-21 (csv-export): POST /users, GET /export/users as RFC 4180 CSV."""

import csv
import io
import string

import pytest

from grader.testing import assert_status, json_body

HEADER = ["id", "name", "email"]
FIRST = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances", "Ken", "Radia"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie", "Allen", "Perlman"]
NON_ASCII = ["Zoë", "Ångström", "Łukasz Żółć", "José Núñez", "Søren Kierkegaard", "李雷", "Дмитрий",
             "Ελένη", "Çağrı", "Renée 🙂", "Nguyễn Văn An", "Øystein"]
DOMAINS = ["example.com", "example.org", "mail.example.net"]


# --- data ----------------------------------------------------------------------------------------

def token(rng, n=5):
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def plain_name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randint(10, 99999)}"


def email_for(rng):
    return f"{rng.choice(FIRST).lower()}.{token(rng)}@{rng.choice(DOMAINS)}"


def comma_name(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return rng.choice([f"{last}, {first} {token(rng, 3)}", f"{first}, {last}, Jr. {token(rng, 3)}",
                       f"{first} {token(rng, 3)},{last}"])


def quote_names(rng):
    """One name of each kind, in random order: quotes inside, a quote first (which no reader can
    take unquoted), a lone quote. Every kind is always sent, so whether a writer that quotes only
    some of them is caught never depends on the seed."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    nick = token(rng, 4)
    names = [f'{first} "{nick}" {last}', f'"{nick}" {first} {last}', f'{first} {last} 5\'11" {nick}']
    rng.shuffle(names)
    return names


def mixed_name(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f'{last}, {first} "{token(rng, 4)}"'


def newline_names(rng):
    """One name of each kind, in random order: a bare line feed as its only special character, a
    CRLF alone, a line feed beside a comma and quotes. Every kind is always sent, so whether a
    writer that leaves one kind unquoted is caught never depends on the seed."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    names = [f"{first}\n{last} {token(rng, 3)}", f"{first} {token(rng, 3)}\r\n{last}",
             f'{first}, "{token(rng, 3)}"\nsecond line']
    rng.shuffle(names)
    return names


def non_ascii_name(rng):
    return f"{rng.choice(NON_ASCII)} {rng.choice(NON_ASCII)} {rng.randint(10, 999)}"


# --- helpers -------------------------------------------------------------------------------------

def create(client, name, email):
    response = client.post("/users", json={"name": name, "email": email})
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict), f"POST /users must answer the created user as a JSON object, got {body!r}"
    uid = body.get("id")
    assert isinstance(uid, int) and not isinstance(uid, bool), f"id must be a JSON integer, got {uid!r}"
    return uid


def export(client):
    response = client.get("/export/users")
    assert_status(response, 200)
    return response


def parse(response):
    """The export's rows as lists of strings (a BOM and trailing empty lines tolerated)."""
    try:
        text = response.content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AssertionError(f"the CSV body must be UTF-8 ({exc})") from None
    text = text.removeprefix("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise AssertionError(f"the body is not valid CSV ({exc}): {text[:300]!r}") from None
    while rows and rows[-1] == []:
        rows.pop()
    return rows, text


def user_rows(client):
    """The user rows, after the header row when there is one: that the export starts with the header
    is its own check's subject, so a missing header costs that check, not every check
    of how the rows are quoted."""
    rows, text = parse(export(client))
    if rows and rows[0] == HEADER:
        rows = rows[1:]
    bad = [r for r in rows if len(r) != 3]
    assert not bad, (
        f"every row must have exactly 3 fields (id,name,email); this one has {len(bad[0])}: {bad[0]!r}. "
        f"Values with commas, quotes or line breaks must be quoted. Body starts: {text[:300]!r}"
    )
    return rows


def assert_users_exported(client, users, what):
    """users: [(id, name, email)] created in this order; each appears once, exact, in that order."""
    rows = user_rows(client)
    positions = []
    for uid, name, email in users:
        matching = [i for i, r in enumerate(rows) if r[0] == str(uid)]
        assert len(matching) == 1, (
            f"user {uid} must appear exactly once in the export (as a row starting with {uid}), "
            f"found {len(matching)} rows"
        )
        row = rows[matching[0]]
        assert row == [str(uid), name, email], (
            f"{what}: the row of user {uid} must read back as {[str(uid), name, email]!r}, got {row!r}"
        )
        positions.append(matching[0])
    assert positions == sorted(positions), "users must be exported in the order they were created"


def create_all(client, rng, make_name, count):
    users = []
    for _ in range(count):
        name, email = make_name(rng), email_for(rng)
        users.append((create(client, name, email), name, email))
    return users


# --- checks --------------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(1)
def test_create_user(client, rng):
    """POST /users answers 201 with the user, echoing name and email, with an integer id"""
    name, email = plain_name(rng), email_for(rng)
    response = client.post("/users", json={"name": name, "email": email})
    assert_status(response, 201)
    body = json_body(response)
    assert isinstance(body, dict), f"the body must be the created user as a JSON object, got {body!r}"
    assert body.get("name") == name and body.get("email") == email, "name and email must be echoed unchanged"
    assert isinstance(body.get("id"), int) and not isinstance(body.get("id"), bool), (
        f"id must be a JSON integer, got {body.get('id')!r}"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_export_content_type_is_csv(client):
    """GET /export/users answers 200 with Content-Type text/csv"""
    response = export(client)
    ctype = response.headers.get("content-type", "")
    parts = [p.strip().lower() for p in ctype.split(";")]
    assert parts[0] == "text/csv", f"Content-Type must be text/csv, got {ctype!r}"
    charsets = [p.split("=", 1)[1].strip('"') for p in parts[1:] if p.startswith("charset=")]
    assert all(c in ("utf-8", "utf8") for c in charsets), f"the body is UTF-8; a charset parameter must say so, got {ctype!r}"


@pytest.mark.public
@pytest.mark.points(1)
def test_export_is_attachment_named_users_csv(client):
    """GET /export/users is a download: Content-Disposition attachment; filename="users.csv" """
    response = export(client)
    disposition = response.headers.get("content-disposition")
    assert disposition, "the export must send a Content-Disposition header (attachment; filename=\"users.csv\")"
    parts = [p.strip() for p in disposition.split(";")]
    assert parts[0].lower() == "attachment", f"Content-Disposition must start with attachment, got {disposition!r}"
    names = []
    for p in parts[1:]:
        key, _, value = p.partition("=")
        key = key.strip().lower()
        if key == "filename":
            names.append(value.strip().strip('"'))
        elif key == "filename*":
            names.append(value.strip().split("''", 1)[-1])
    assert "users.csv" in names, f'Content-Disposition must name the file users.csv, got {disposition!r}'


@pytest.mark.public
@pytest.mark.points(2)
def test_export_header_and_rows(client, rng):
    """The export has the header row id,name,email and one row per user in creation order"""
    users = create_all(client, rng, plain_name, 4)
    rows, _ = parse(export(client))
    assert rows and rows[0] == HEADER, f"the first row must be the header id,name,email, got {rows[:1]!r}"
    assert_users_exported(client, users, "a plain name")


@pytest.mark.points(1)
def test_non_ascii_roundtrip(client, rng):
    """Non-ASCII names come back unchanged (UTF-8)"""
    users = create_all(client, rng, non_ascii_name, 3)
    assert_users_exported(client, users, "a non-ASCII name")


# From here on the checks create values that a wrong CSV writer garbles, which would break every
# later parse of the whole export. The first of them runs on the state so far (plain values only);
# the others start from a fresh server (and the grader restarts it again after each).

@pytest.mark.points(2)
def test_commas_are_quoted(client, rng):
    """Names with commas come back unchanged (the field is quoted)"""
    users = create_all(client, rng, comma_name, 3)
    assert_users_exported(client, users, "a name with a comma")


@pytest.mark.points(2)
def test_double_quotes_are_doubled(client, server, rng):
    """Names with double quotes come back unchanged (quoted, inner quotes doubled)"""
    server.restart()
    names = iter(quote_names(rng))
    users = create_all(client, rng, lambda _rng: next(names), 3) + create_all(client, rng, mixed_name, 2)
    assert_users_exported(client, users, "a name with double quotes")


@pytest.mark.points(2)
def test_line_breaks_are_quoted(client, server, rng):
    """Names with embedded line breaks (LF and CRLF) come back unchanged"""
    server.restart()
    names = iter(newline_names(rng))
    users = create_all(client, rng, lambda _rng: next(names), 3)
    assert_users_exported(client, users, "a name with a line break")


@pytest.mark.points(2)
def test_fresh_server_exports_header_then_ids_from_one(client, server, rng):
    """A fresh server exports only the header row; its first users get ids 1, 2, 3 and are exported"""
    server.restart()
    rows, text = parse(export(client))
    assert rows == [HEADER], f"a fresh server's export must be just the header row id,name,email, got {text[:300]!r}"
    users = []
    for make in (plain_name, non_ascii_name, plain_name):
        name, email = make(rng), email_for(rng)
        users.append((create(client, name, email), name, email))
    ids = [u[0] for u in users]
    assert ids == [1, 2, 3], f"the first three users after a start must get ids 1, 2, 3, got {ids}"
    rows = user_rows(client)
    assert rows == [[str(i), n, e] for i, n, e in users], (
        f"the export must list exactly the three users created, got {rows!r}"
    )
