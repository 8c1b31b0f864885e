"""Hidden suite of challenge-34 (crud-postgres): CRUD for books kept in PostgreSQL.

The suite reads and writes the run's database itself (the `pg` fixture: psycopg, autocommit), so
it checks that the data really lives in the `books` table. Ids are used exactly as the server
returns them and compared with the row's id as text, so SERIAL, identity, UUID and TEXT ids are
graded the same way. SQL-injection payloads go into every field; a canary table of the suite's
own must survive them.
"""

from urllib.parse import quote

import pytest

from grader.testing import assert_error, assert_status, is_json_id, json_body

TITLES = ["Dune", "Emma", "Ulysses", "Beloved", "Solaris", "Middlemarch", "Kindred", "Persuasion",
          "The Trial", "Neuromancer", "Rebecca", "Hyperion", "Invisible Cities", "Things Fall Apart"]
AUTHORS = ["Frank Herbert", "Jane Austen", "James Joyce", "Toni Morrison", "Stanisław Lem", "George Eliot",
           "Octavia Butler", "Franz Kafka", "William Gibson", "Daphne du Maurier", "Italo Calvino"]

# each is stored and returned literally by a server that passes values as parameters; a server
# that builds SQL text breaks on (or runs) them
PAYLOADS = [
    "x'); DROP TABLE books; --",
    "' OR '1'='1",
    "O'Brien",
    "Robert'); DELETE FROM lg_canary; --",
    "1; UPDATE books SET title = 'pwned'; --",
    "\\'; SELECT pg_sleep(0); --",
    "$1 $2 %s %(x)s ?",
    '"; DROP TABLE lg_canary; --',
    "\u00e9\u00e8 \u2603 '\u2019'",
]
CANARY = "lg_canary"


def make_book(rng, year=True):
    book = {"title": f"{rng.choice(TITLES)} {rng.randint(100, 99999)}", "author": rng.choice(AUTHORS)}
    if year:
        book["year"] = rng.randint(1800, 2024)
    return book


def book_path(book_id):
    return "/books/" + quote(str(book_id), safe="")


def assert_book(body, expected, book_id=None, what="the book"):
    assert isinstance(body, dict), f"{what} must be a JSON object, got {body!r}"
    assert is_json_id(body.get("id")), f"{what} must have an id (JSON number or string), got {body!r}"
    if book_id is not None:
        assert str(body["id"]) == str(book_id), f"{what} must keep id {book_id!r}, got {body['id']!r}"
    for key in ("title", "author"):
        assert body.get(key) == expected[key], f"{what}: {key} must be exactly {expected[key]!r}, got {body.get(key)!r}"
    year = expected.get("year")
    assert "year" in body and body["year"] == year and not isinstance(body["year"], bool), (
        f"{what}: year must be {year!r}, got {body.get('year', '(missing)')!r}")


def row(pg, book_id):
    """The row of the books table with this id, as a dict (None when absent)."""
    cur = pg.execute("SELECT id::text AS id, title, author, year FROM books WHERE id::text = %s", (str(book_id),))
    found = cur.fetchone()
    if found is None:
        return None
    return dict(zip([c.name for c in cur.description], found))


def count(pg, where="TRUE", params=()):
    return pg.execute(f"SELECT count(*) FROM books WHERE {where}", params).fetchone()[0]


def assert_row(pg, book_id, expected, what):
    found = row(pg, book_id)
    assert found is not None, f"{what}: no row with id {book_id!r} in the books table"
    for key in ("title", "author", "year"):
        assert found[key] == expected.get(key), (
            f"{what}: the row's {key} must be {expected.get(key)!r}, the table has {found[key]!r}")


def create(client, book):
    response = client.post("/books", json=book)
    assert 200 <= response.status_code < 300, f"creating a valid book must succeed (201), got {response.status_code} for {book!r}"
    body = json_body(response)
    assert_book(body, {**book, "year": book.get("year")}, what="the created book")
    return body


def new_id_sql(pg):
    """SQL for the id of a row the suite inserts: none when the column has a default (SERIAL,
    identity, DEFAULT gen_random_uuid()); otherwise one of the column's type, as the server's own
    code would make it (the spec leaves the id scheme free)."""
    data_type, default, identity = pg.execute(
        "SELECT data_type, column_default, is_identity FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = 'books' AND column_name = 'id'").fetchone()
    if default is not None or identity == "YES":
        return None
    if data_type == "uuid":
        return "gen_random_uuid()"
    if data_type in ("integer", "bigint", "smallint", "numeric"):
        return "(SELECT COALESCE(max(id), 0) + 1000 FROM books)"
    return "md5(random()::text)"


def insert_row(pg, book):
    """A book written by the suite straight into the table; returns its id as text."""
    values = (book["title"], book["author"], book.get("year"))
    id_sql = new_id_sql(pg)
    if id_sql is None:
        sql = "INSERT INTO books (title, author, year) VALUES (%s, %s, %s) RETURNING id::text"
    else:
        sql = f"INSERT INTO books (id, title, author, year) VALUES ({id_sql}, %s, %s, %s) RETURNING id::text"
    return pg.execute(sql, values).fetchone()[0]


def tables(pg):
    return {r[0] for r in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()}


@pytest.fixture
def canary(pg, rng):
    """A table of the suite's own, with one row, that no request may touch."""
    token = f"canary-{rng.randint(1, 10**9)}"
    pg.execute(f"DROP TABLE IF EXISTS {CANARY}")
    pg.execute(f"CREATE TABLE {CANARY} (token TEXT)")
    pg.execute(f"INSERT INTO {CANARY} VALUES (%s)", (token,))
    yield token
    pg.execute(f"DROP TABLE IF EXISTS {CANARY}")


def assert_intact(pg, token, books_before, what):
    assert "books" in tables(pg), f"{what}: the books table is gone"
    assert CANARY in tables(pg), f"{what}: the suite's own table {CANARY} was dropped"
    rows = [r[0] for r in pg.execute(f"SELECT token FROM {CANARY}").fetchall()]
    assert rows == [token], f"{what}: the suite's own table {CANARY} was changed (now {rows!r})"
    assert count(pg) >= books_before, f"{what}: rows of the books table disappeared ({books_before} -> {count(pg)})"


# --- create, read ---------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_create_answers_201_and_writes_the_row(client, pg, rng):
    """POST /books answers 201 with the book and writes it to the books table"""
    book = make_book(rng)
    response = client.post("/books", json=book)
    assert_status(response, 201)
    body = json_body(response)
    assert_book(body, book, what="the created book")
    assert_row(pg, body["id"], book, "after POST /books")

    book = make_book(rng, year=False)
    response = client.post("/books", json=book)
    assert_status(response, 201)
    body = json_body(response)
    assert_book(body, {**book, "year": None}, what="the created book without a year")
    assert_row(pg, body["id"], {**book, "year": None}, "after POST /books without a year")


@pytest.mark.public
@pytest.mark.points(1)
def test_get_one_and_all(client, rng):
    """GET /books/:id answers the book; GET /books lists it"""
    first, second = create(client, make_book(rng)), create(client, make_book(rng))
    for created in (first, second):
        response = client.get(book_path(created["id"]))
        assert_status(response, 200)
        assert_book(json_body(response), created, created["id"], what=f"GET {book_path(created['id'])}")
    response = client.get("/books")
    assert_status(response, 200)
    listed = json_body(response)
    assert isinstance(listed, list), f"GET /books must answer a JSON array, got {listed!r}"
    ids = {str(b.get("id")) for b in listed if isinstance(b, dict)}
    missing = [c["id"] for c in (first, second) if str(c["id"]) not in ids]
    assert not missing, f"GET /books must list every book; ids {missing!r} are missing"


@pytest.mark.points(2)
def test_reads_come_from_the_table(client, pg, rng):
    """a row inserted with SQL is served by GET /books/:id and GET /books; a row changed with SQL shows the change"""
    book = make_book(rng)
    book_id = insert_row(pg, book)
    response = client.get(book_path(book_id))
    assert_status(response, 200)
    assert_book(json_body(response), book, book_id, what="a book the suite inserted into the table")
    listed = json_body(client.get("/books"))
    assert any(isinstance(b, dict) and str(b.get("id")) == book_id for b in listed), (
        "GET /books must list a row the suite inserted into the table")
    pg.execute("UPDATE books SET title = %s WHERE id::text = %s", (book["title"] + " (2nd ed.)", book_id))
    body = json_body(client.get(book_path(book_id)))
    assert isinstance(body, dict) and body.get("title") == book["title"] + " (2nd ed.)", (
        f"after the suite changed the row, GET must answer the new title, got {body!r}")


@pytest.mark.points(2)
def test_author_filter_is_exact(client, pg, rng):
    """GET /books?author= answers exactly the books of that author (case-sensitive)"""
    author = f"{rng.choice(AUTHORS)} {rng.randint(1000, 9999)}"
    mine = [create(client, {**make_book(rng), "author": author}) for _ in range(2)]
    create(client, {**make_book(rng), "author": author.upper()})
    create(client, make_book(rng))
    response = client.get("/books", params={"author": author})
    assert_status(response, 200)
    listed = json_body(response)
    assert isinstance(listed, list), f"GET /books?author= must answer a JSON array, got {listed!r}"
    got = sorted(str(b.get("id")) for b in listed if isinstance(b, dict))
    assert got == sorted(str(b["id"]) for b in mine), (
        f"GET /books?author={author!r} must answer exactly its {len(mine)} books, got ids {got!r}")
    response = client.get("/books", params={"author": f"nobody {rng.randint(1, 10**6)}"})
    assert_status(response, 200)
    assert json_body(response) == [], "GET /books?author=<unknown> must answer []"


# --- update, delete -------------------------------------------------------------------------
@pytest.mark.points(2)
def test_put_updates_only_what_is_sent(client, pg, rng):
    """PUT /books/:id updates the fields sent, keeps the others, in the table too"""
    book = make_book(rng)
    created = create(client, book)
    title = make_book(rng)["title"]
    response = client.put(book_path(created["id"]), json={"title": title, "id": 987654})
    assert_status(response, 200)
    expected = {**book, "title": title}
    assert_book(json_body(response), expected, created["id"], what="the book after PUT {title}")
    assert_row(pg, created["id"], expected, "after PUT {title}")
    response = client.put(book_path(created["id"]), json={"year": None})
    assert_status(response, 200)
    expected["year"] = None
    assert_book(json_body(response), expected, created["id"], what="the book after PUT {year: null}")
    assert_row(pg, created["id"], expected, "after PUT {year: null}")
    response = client.put(book_path(created["id"]), json={"author": "A. N. Other", "year": 2001})
    assert_status(response, 200)
    expected.update(author="A. N. Other", year=2001)
    assert_book(json_body(response), expected, created["id"], what="the book after PUT {author, year}")
    assert_row(pg, created["id"], expected, "after PUT {author, year}")


@pytest.mark.points(1)
def test_delete_answers_204_and_removes_the_row(client, pg, rng):
    """DELETE /books/:id answers 204 with no body and removes the row; other rows stay"""
    keep, gone = create(client, make_book(rng)), create(client, make_book(rng))
    response = client.delete(book_path(gone["id"]))
    assert_status(response, 204)
    assert response.content == b"", f"a 204 has an empty body, got {response.content[:100]!r}"
    assert row(pg, gone["id"]) is None, "after DELETE the row must be gone from the books table"
    assert row(pg, keep["id"]) is not None, "DELETE of one book must leave the other rows"
    assert_error(client.get(book_path(gone["id"])), 404, "GET after DELETE")


@pytest.mark.points(2)
def test_unknown_and_malformed_ids_404(client, pg, rng):
    """unknown, deleted and non-id path ids answer 404 with a JSON error on GET, PUT and DELETE"""
    created = create(client, make_book(rng))
    client.delete(book_path(created["id"]))
    before = count(pg)
    for bad in (created["id"], "nope", "999999999", "1 OR 1=1", "1; DROP TABLE books"):
        assert_error(client.get(book_path(bad)), 404, f"GET {book_path(bad)}")
        assert_error(client.put(book_path(bad), json={"title": "x"}), 404, f"PUT {book_path(bad)}")
        assert_error(client.delete(book_path(bad)), 404, f"DELETE {book_path(bad)}")
    assert count(pg) == before, "requests on unknown ids must not change the books table"


# --- validation -----------------------------------------------------------------------------
@pytest.mark.points(2)
def test_post_validation_400(client, pg, rng):
    """invalid POST bodies answer 400 with a JSON error and insert nothing"""
    good = make_book(rng)
    cases = [
        ({"author": good["author"]}, "title missing"),
        ({**good, "title": "   "}, "blank title"),
        ({**good, "title": 42}, "title not a string"),
        ({"title": good["title"]}, "author missing"),
        ({**good, "author": ""}, "empty author"),
        ({**good, "author": ["x"]}, "author not a string"),
        ({**good, "year": "1999"}, "year a string"),
        ({**good, "year": 1999.5}, "year a fraction"),
        ({**good, "year": True}, "year a boolean"),
        ({**good, "year": "1999; DROP TABLE books"}, "year an injection string"),
    ]
    before = count(pg)
    for body, why in cases:
        assert_error(client.post("/books", json=body), 400, f"POST /books with {why}")
    for raw, why in ((b'{"title": "x", ', "malformed JSON"), (b'["x"]', "a JSON array")):
        response = client.post("/books", content=raw, headers={"Content-Type": "application/json"})
        assert_error(response, 400, f"POST /books with {why}")
    assert count(pg) == before, f"invalid POSTs must insert nothing ({before} rows before, {count(pg)} after)"


@pytest.mark.points(1)
def test_put_validation_400(client, pg, rng):
    """invalid PUT bodies answer 400 with a JSON error and change nothing"""
    book = make_book(rng)
    created = create(client, book)
    for body, why in (({}, "no field"), ({"id": 5}, "only an id"), ({"title": ""}, "empty title"),
                      ({"author": 7}, "author a number"), ({"year": "2001"}, "year a string")):
        assert_error(client.put(book_path(created["id"]), json=body), 400, f"PUT with {why}")
    assert_row(pg, created["id"], book, "after invalid PUTs")


# --- SQL injection --------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_injection_payloads_are_stored_literally(client, pg, rng, canary):
    """SQL-injection payloads in title and author are stored and returned literally; every table stays intact"""
    before = count(pg)
    created = []
    for i, payload in enumerate(PAYLOADS):
        book = {"title": payload, "author": PAYLOADS[-1 - i], "year": 1900 + i}
        body = create(client, book)  # any 2xx: the 201 itself is its own check
        assert_row(pg, body["id"], book, f"the row of the book titled {payload!r}")
        created.append((body["id"], book))
    assert_intact(pg, canary, before, "after POSTs with injection payloads")
    assert count(pg) == before + len(PAYLOADS), "each POST must insert exactly one row"
    for book_id, book in created:
        assert_book(json_body(client.get(book_path(book_id))), book, book_id, what=f"GET of the book titled {book['title']!r}")
    assert count(pg, "title = 'pwned'") == 0, "a payload ran: titles were overwritten with 'pwned'"


@pytest.mark.points(2)
def test_injection_in_put_and_filter(client, pg, rng, canary):
    """injection payloads in a PUT and in ?author= are data: the filter matches only that literal author"""
    before = count(pg)
    created = create(client, make_book(rng))
    for payload in PAYLOADS[:4]:
        response = client.put(book_path(created["id"]), json={"title": payload, "author": payload})
        assert_status(response, 200)
        body = json_body(response)
        for key in ("title", "author"):  # (what a PUT keeps is its own check)
            assert isinstance(body, dict) and body.get(key) == payload, (
                f"after PUT with {payload!r}, {key} must be exactly that, got {body!r}")
        found = row(pg, created["id"])
        assert found and found["title"] == payload and found["author"] == payload, (
            f"after PUT with {payload!r}, the row must hold it literally, the table has {found!r}")
    assert_intact(pg, canary, before, "after PUTs with injection payloads")
    author = f"D'Artagnan {rng.randint(1000, 9999)}"
    theirs = {"id": insert_row(pg, {**make_book(rng), "author": author})}  # with SQL: this check is about reads
    for payload in ("x' OR '1'='1", "' OR 1=1 --", f"{author}' OR 'a'='a"):
        response = client.get("/books", params={"author": payload})
        assert_status(response, 200)
        assert json_body(response) == [], f"GET /books?author={payload!r} must match no book, got {json_body(response)!r}"
    listed = json_body(client.get("/books", params={"author": author}))
    assert [str(b.get("id")) for b in listed] == [str(theirs["id"])], (
        f"GET /books?author={author!r} must answer exactly that author's book, got {listed!r}")
    assert_intact(pg, canary, before, "after filters with injection payloads")


# --- the table's life -----------------------------------------------------------------------
@pytest.mark.points(2)
def test_table_created_when_missing_and_rows_survive_a_restart(client, server, pg, rng):
    """rows survive a restart of the server; a server started on a database without the table creates it"""
    created = create(client, make_book(rng))
    server.restart()
    response = client.get(book_path(created["id"]))
    assert_status(response, 200)
    assert_book(json_body(response), created, created["id"], what="a book created before the restart")

    pg.execute("DROP TABLE books")
    server.restart()
    assert "books" in tables(pg), "started on a database without the books table, the server must create it"
    book = make_book(rng)
    assert_row(pg, create(client, book)["id"], book, "after the server created the table")


@pytest.mark.points(1)
def test_database_error_answers_500_and_recovers(client, server, pg, rng):
    """while the table is missing the API answers a JSON 500 (server alive); afterwards it works again"""
    created = create(client, make_book(rng))
    pg.execute("ALTER TABLE books RENAME TO books_away")
    try:
        assert_error(client.get("/books"), 500, "GET /books while the table is gone")
        assert_error(client.post("/books", json=make_book(rng)), 500, "POST /books while the table is gone")
        assert server.gone() is None, f"the server must survive a database error ({server.gone()})"
    finally:
        pg.execute("ALTER TABLE books_away RENAME TO books")
    response = client.get(book_path(created["id"]))
    assert_status(response, 200)
    assert_book(json_body(response), created, created["id"], what="a book read after the table came back")
