"""Hidden suite of challenge-37 (db-migrations): numbered SQL migrations applied at start-up.

The suite inspects the schema through information_schema and the runner's bookkeeping in
`schema_migrations` with its own connection (the `pg` fixture), and adds migration files to the
submission with `server.restart(files=...)` (the grader removes them after the check). Every
version the suite adds is drawn from a range of its own per check, each above the previous
check's, and every table it creates is named after its version, so checks never collide.
"""

import pytest

from grader.testing import assert_status, json_body


def migrations(pg):
    """{version: [names]} of schema_migrations (a list, so a version recorded twice shows)."""
    exists = pg.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
    assert exists, "the table schema_migrations must exist (the runner creates it at start-up)"
    found = {}
    for version, name in pg.execute("SELECT version::bigint, name FROM schema_migrations").fetchall():
        found.setdefault(version, []).append(name)
    return found


def columns(pg, table):
    """{column: (data_type, is_nullable, column_default)} of a table, from information_schema."""
    rows = pg.execute("SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = %s", (table,)).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def table_exists(pg, table):
    return bool(columns(pg, table))


def restart_with(server, files):
    """True when the server came up with these files, False when it did not start."""
    try:
        server.restart(files=files)
    except AssertionError:
        return False
    return True


def assert_started(server, files, why):
    started = restart_with(server, files)
    assert started, f"{why}: the server must start with the added files {sorted(files)}\n{server.logs()[-1500:]}"


# --- the submission's own migrations ----------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_shipped_migrations_applied(pg):
    """the submission's migrations 1 and 2 are applied, recorded once each, and give notes its columns"""
    found = migrations(pg)
    for version in (1, 2):
        assert version in found, f"schema_migrations must record version {version}; it holds {sorted(found)}"
        assert len(found[version]) == 1, f"version {version} must be recorded once, it is {len(found[version])} times"
    cols = columns(pg, "notes")
    assert cols, "after the migrations the table notes must exist"
    expected = {"id": None, "title": "text", "body": "text", "created_at": "timestamp with time zone"}
    for name, data_type in expected.items():
        assert name in cols, f"notes must have the column {name} (it has {sorted(cols)})"
        if data_type:
            assert cols[name][0] == data_type, f"notes.{name} must be {data_type}, it is {cols[name][0]}"
    for name in ("title", "body", "created_at"):
        assert cols[name][1] == "NO", f"notes.{name} must be NOT NULL"
    for name in ("body", "created_at"):
        assert cols[name][2] is not None, f"notes.{name} must have a default (migration 2 adds it to existing rows)"


@pytest.mark.public
@pytest.mark.points(1)
def test_get_migrations(client, pg):
    """GET /migrations lists the applied migrations from schema_migrations, by version"""
    response = client.get("/migrations")
    assert_status(response, 200)
    listed = json_body(response)
    assert isinstance(listed, list) and all(isinstance(m, dict) for m in listed), (
        f"GET /migrations must answer a JSON array of objects, got {listed!r}")
    versions = [m.get("version") for m in listed]
    assert all(isinstance(v, int) and not isinstance(v, bool) for v in versions), (
        f"each version must be a JSON integer, got {versions!r}")
    table = migrations(pg)
    assert versions == sorted(table), f"GET /migrations must list versions {sorted(table)} in ascending order, got {versions!r}"
    for m in listed:
        assert [m.get("name")] == table[m["version"]], (
            f"version {m['version']}: name must be {table[m['version']][0]!r} as in schema_migrations, got {m.get('name')!r}")
        assert isinstance(m.get("applied_at"), str) and m["applied_at"], f"applied_at must be a timestamp string, got {m!r}"


@pytest.mark.public
@pytest.mark.points(1)
def test_notes_use_the_schema(client, pg, rng):
    """POST /notes answers 201 with the note the migrated table made (body default, created_at)"""
    title = f"note {rng.randint(1000, 999999)}"
    response = client.post("/notes", json={"title": title})
    assert_status(response, 201)
    note = json_body(response)
    assert isinstance(note, dict) and note.get("title") == title and note.get("body") == "", (
        f"a note posted with only a title must come back with that title and body \"\", got {note!r}")
    assert isinstance(note.get("created_at"), str) and note["created_at"], f"the note must have created_at, got {note!r}"
    assert pg.execute("SELECT count(*) FROM notes WHERE id::text = %s AND title = %s", (str(note.get("id")), title)).fetchone()[0] == 1, (
        "the note must be a row of the notes table")
    listed = json_body(client.get("/notes"))
    assert isinstance(listed, list) and any(isinstance(n, dict) and n.get("title") == title for n in listed), (
        f"GET /notes must list the note, got {listed!r}")


# --- a migration added later ------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_added_migration_applied_on_restart(client, server, pg, rng):
    """a migration file added to migrations/ is applied and recorded at the next start; existing rows keep"""
    title = f"before {rng.randint(1000, 999999)}"
    pg.execute("INSERT INTO notes (title) VALUES (%s)", (title,))
    version = rng.randint(100, 199)
    column = f"lg_tag_{version}"
    name = f"{version}_add_{column}.sql"
    sql = f"ALTER TABLE notes ADD COLUMN {column} TEXT NOT NULL DEFAULT 'v{version}';\n"
    assert_started(server, {f"migrations/{name}": sql}, f"migration {name} added")
    cols = columns(pg, "notes")
    assert column in cols, f"after a restart with migrations/{name}, notes must have its column {column} (it has {sorted(cols)})"
    assert migrations(pg).get(version) == [name], (
        f"schema_migrations must record version {version} once, named {name!r}; it holds {migrations(pg).get(version)!r}")
    kept = pg.execute(f"SELECT {column} FROM notes WHERE title = %s", (title,)).fetchall()
    assert kept == [(f"v{version}",)], f"the note written before the migration must survive it, got {kept!r}"
    listed = json_body(client.get("/migrations"))
    assert isinstance(listed, list) and str(version) in [str(m.get("version")) for m in listed if isinstance(m, dict)], (
        f"GET /migrations must list the new version {version}")


@pytest.mark.points(3)
def test_each_migration_runs_once(server, pg, rng):
    """restarting again applies nothing twice: each migration runs exactly once"""
    version = rng.randint(200, 299)
    probe = f"lg_runs_{version}"
    files = {f"migrations/{version}_count_runs.sql":
             f"CREATE TABLE IF NOT EXISTS {probe} (n INTEGER);\nINSERT INTO {probe} VALUES (1);\n"}
    assert_started(server, files, "a counting migration added")
    server.restart()  # a second start, the file still there
    runs = pg.execute(f"SELECT count(*) FROM {probe}").fetchone()[0] if table_exists(pg, probe) else 0
    assert runs == 1, f"migration {version} must run exactly once over two starts, it ran {runs} times"
    found = migrations(pg)
    twice = {v: n for v, n in found.items() if len(n) != 1}
    assert not twice, f"every version must be recorded once, these are not: {twice!r}"


@pytest.mark.points(3)
def test_failed_migration_rolled_back(server, pg, rng):
    """a failing migration is rolled back entirely, not recorded, and stops the start"""
    version = rng.randint(300, 349)
    half, after = f"lg_half_{version}", f"lg_after_{version + 50}"
    files = {
        f"migrations/{version}_half_done.sql":
            f"CREATE TABLE {half} (n INTEGER);\nINSERT INTO {half} VALUES (1);\nSELECT 1 / 0;\n",
        f"migrations/{version + 50}_after.sql": f"CREATE TABLE {after} (n INTEGER);\n",
    }
    started = restart_with(server, files)
    assert not table_exists(pg, half), (
        f"migration {version} failed at its last statement: the table its first statement created must be rolled back "
        f"(run each migration in a transaction)")
    assert version not in migrations(pg), f"a failed migration ({version}) must not be recorded in schema_migrations"
    assert not table_exists(pg, after) and version + 50 not in migrations(pg), (
        f"migration {version + 50} comes after a failed one and must not run")
    assert not started, "when a migration fails the server must not start serving: it must exit with an error"


@pytest.mark.points(2)
def test_recorded_versions_are_skipped(server, pg, rng):
    """a version already recorded in schema_migrations is not run again; the next one is"""
    version = rng.randint(400, 449)
    pg.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, f"{version}_recorded.sql"))
    following = f"lg_next_{version + 50}"
    files = {
        f"migrations/{version}_recorded.sql": "SELECT 1 / 0;\n",  # fails if it runs
        f"migrations/{version + 50}_next.sql": f"CREATE TABLE {following} (n INTEGER);\n",
    }
    assert_started(server, files, f"version {version} recorded in schema_migrations beforehand")
    assert table_exists(pg, following) and version + 50 in migrations(pg), (
        f"migration {version + 50} (not recorded) must be applied and recorded")


@pytest.mark.points(2)
def test_versions_sorted_as_numbers(server, pg, rng):
    """migrations run in numeric order of their versions, not in the order of the file names"""
    first, second = rng.randint(900, 999), rng.randint(1000, 1899)  # '1xxx_' sorts before '9xx_' as text
    table = f"lg_order_{first}"
    files = {
        f"migrations/{first}_create_{table}.sql": f"CREATE TABLE {table} (n INTEGER);\n",
        f"migrations/{second}_alter_{table}.sql": f"ALTER TABLE {table} ADD COLUMN m INTEGER;\n",
    }
    started = restart_with(server, files)
    assert started and set(columns(pg, table)) == {"n", "m"}, (
        f"migration {first} creates {table} and {second} alters it: run in numeric order both apply "
        f"(as text '{second}_' sorts first and fails); the server {'started' if started else 'did not start'}")
    found = migrations(pg)
    assert first in found and second in found, f"versions {first} and {second} must be recorded, got {sorted(found)}"
