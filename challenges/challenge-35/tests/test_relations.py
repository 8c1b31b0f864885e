"""Hidden suite of challenge-35 (db-relations): users and posts, one-to-many, in PostgreSQL.

The suite reads the run's database itself (the `pg` fixture): rows must be in `users` and
`posts`, `posts.user_id` must be a real foreign key to `users.id` (read from information_schema
and proved by the database refusing a dangling reference), and the author embedded in a post is
read through the join (the suite renames a user with SQL and expects the new name). Ids are used
exactly as the server returns them and compared with the row's id as text, so integer and UUID
ids grade the same.
"""

import psycopg
import pytest

from grader.testing import assert_error, assert_status, is_json_id, json_body
from grader.testing import url_path as path

NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Ken Thompson",
         "Margaret Hamilton", "Donald Knuth", "Frances Allen", "John Backus", "Radia Perlman", "Leslie Lamport"]
WORDS = ["notes", "on", "queues", "joins", "indexes", "latency", "caching", "types", "proofs", "compilers",
         "graphs", "streams", "locks", "logs"]


def new_user(rng):
    name = rng.choice(NAMES)
    return {"name": f"{name} {rng.randint(10, 9999)}",
            "email": f"{name.split()[0].lower()}.{rng.randint(1000, 999999)}@example.test"}


def new_post(rng):
    return {"title": " ".join(rng.choice(WORDS) for _ in range(3)).capitalize() + f" {rng.randint(1, 999)}",
            "body": " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))}


def assert_user(body, expected, what):
    assert isinstance(body, dict), f"{what} must be a JSON object, got {body!r}"
    assert is_json_id(body.get("id")), f"{what} must have an id (JSON number or string), got {body!r}"
    if "id" in expected:
        assert str(body["id"]) == str(expected["id"]), f"{what}: id must be {expected['id']!r}, got {body['id']!r}"
    for key in ("name", "email"):
        assert body.get(key) == expected[key], f"{what}: {key} must be {expected[key]!r}, got {body.get(key)!r}"


def assert_post(body, expected, user_id, what):
    assert isinstance(body, dict), f"{what} must be a JSON object, got {body!r}"
    assert is_json_id(body.get("id")), f"{what} must have an id (JSON number or string), got {body!r}"
    if "id" in expected:
        assert str(body["id"]) == str(expected["id"]), f"{what}: id must be {expected['id']!r}, got {body['id']!r}"
    assert is_json_id(body.get("user_id")) and str(body["user_id"]) == str(user_id), (
        f"{what}: user_id must be the author's id {user_id!r}, got {body.get('user_id', '(missing)')!r}")
    for key in ("title", "body"):
        assert body.get(key) == expected[key], f"{what}: {key} must be {expected[key]!r}, got {body.get(key)!r}"


def create_user(client, rng):
    user = new_user(rng)
    response = client.post("/users", json=user)
    assert 200 <= response.status_code < 300, f"creating a valid user must succeed (201), got {response.status_code}"
    body = json_body(response)
    assert_user(body, user, "the created user")
    return body


def create_post(client, rng, user_id):
    post = new_post(rng)
    response = client.post(path("users", user_id, "posts"), json=post)
    assert 200 <= response.status_code < 300, (
        f"creating a valid post for user {user_id!r} must succeed (201), got {response.status_code}")
    body = json_body(response)
    assert_post(body, post, user_id, "the created post")
    return body


def user_row(pg, user_id):
    return pg.execute("SELECT name, email FROM users WHERE id::text = %s", (str(user_id),)).fetchone()


def post_rows(pg, user_id):
    """{post id as text: (title, body)} of the posts whose user_id is this user."""
    rows = pg.execute("SELECT id::text, title, body FROM posts WHERE user_id::text = %s", (str(user_id),)).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def count(pg, table):
    return pg.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- creating -------------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(1)
def test_create_user_201(client, pg, rng):
    """POST /users answers 201 with the user and writes the row"""
    user = new_user(rng)
    response = client.post("/users", json=user)
    assert_status(response, 201)
    body = json_body(response)
    assert_user(body, user, "the created user")
    assert user_row(pg, body["id"]) == (user["name"], user["email"]), (
        f"after POST /users the users table must hold the row with id {body['id']!r}")


@pytest.mark.public
@pytest.mark.points(2)
def test_create_post_for_user(client, pg, rng):
    """POST /users/:id/posts answers 201 with the post and writes a row whose user_id is the author"""
    user = create_user(client, rng)
    posts = []
    for _ in range(2):
        post = new_post(rng)
        response = client.post(path("users", user["id"], "posts"), json=post)
        assert_status(response, 201)
        body = json_body(response)
        assert_post(body, post, user["id"], "the created post")
        posts.append(body)
    rows = post_rows(pg, user["id"])
    for post in posts:
        assert rows.get(str(post["id"])) == (post["title"], post["body"]), (
            f"the posts table must hold post {post['id']!r} with user_id {user['id']!r}; that user's rows: {rows!r}")


# --- reading through the relation -----------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_user_include_posts(client, rng):
    """GET /users/:id?include=posts answers the user with exactly its posts"""
    user, other = create_user(client, rng), create_user(client, rng)
    mine = [create_post(client, rng, user["id"]) for _ in range(rng.randint(2, 4))]
    create_post(client, rng, other["id"])
    response = client.get(path("users", user["id"]), params={"include": "posts"})
    assert_status(response, 200)
    body = json_body(response)
    assert_user(body, user, "the user with ?include=posts")
    posts = body.get("posts")
    assert isinstance(posts, list), f"?include=posts must add a `posts` array to the user, got {body!r}"
    by_id = {str(p.get("id")): p for p in posts if isinstance(p, dict)}
    assert sorted(by_id) == sorted(str(p["id"]) for p in mine) and len(posts) == len(mine), (
        f"`posts` must hold exactly the user's {len(mine)} posts (ids {[p['id'] for p in mine]!r}), "
        f"got ids {[p.get('id') if isinstance(p, dict) else p for p in posts]!r}")
    for post in mine:
        assert_post(by_id[str(post["id"])], post, user["id"], f"post {post['id']!r} in `posts`")

    lonely = create_user(client, rng)
    body = json_body(client.get(path("users", lonely["id"]), params={"include": "posts"}))
    assert isinstance(body, dict) and body.get("posts") == [], (
        f"a user without posts, with ?include=posts, must have \"posts\": [], got {body!r}")


@pytest.mark.points(1)
def test_user_without_include(client, rng):
    """GET /users/:id without ?include=posts answers the user alone (no posts key)"""
    user = create_user(client, rng)
    create_post(client, rng, user["id"])
    response = client.get(path("users", user["id"]))
    assert_status(response, 200)
    body = json_body(response)
    assert_user(body, user, f"GET {path('users', user['id'])}")
    assert "posts" not in body, f"without ?include=posts the user must come without `posts`, got {body!r}"


@pytest.mark.points(3)
def test_post_includes_its_author(client, pg, rng):
    """GET /posts/:id answers the post with its author embedded, read through the join"""
    user = create_user(client, rng)
    post = create_post(client, rng, user["id"])
    if str(post["id"]) == str(user["id"]):
        # serial ids of two tables meet by chance (how many rows earlier checks made): an author
        # carrying the post's id must be caught whatever the seed, so the ids must differ
        post = create_post(client, rng, user["id"])
    response = client.get(path("posts", post["id"]))
    assert_status(response, 200)
    body = json_body(response)
    assert_post(body, post, user["id"], f"GET {path('posts', post['id'])}")
    assert "user" in body, f"the post must embed its author as `user`, got {body!r}"
    assert_user(body["user"], user, "the post's `user`")

    renamed = {**user, "name": user["name"] + " (renamed)", "email": "renamed." + user["email"]}
    pg.execute("UPDATE users SET name = %s, email = %s WHERE id::text = %s",
               (renamed["name"], renamed["email"], str(user["id"])))
    body = json_body(client.get(path("posts", post["id"])))
    assert isinstance(body, dict) and "user" in body, f"the post must embed its author as `user`, got {body!r}"
    assert_user(body["user"], renamed, "after the suite changed the users row, the post's `user`")


@pytest.mark.points(2)
def test_users_list_counts_posts(client, rng):
    """GET /users lists every user with post_count, 0 for a user without posts"""
    users = [create_user(client, rng) for _ in range(3)]
    counts = [rng.randint(1, 3), 0, rng.randint(1, 3)]
    for user, n in zip(users, counts):
        for _ in range(n):
            create_post(client, rng, user["id"])
    response = client.get("/users")
    assert_status(response, 200)
    listed = json_body(response)
    assert isinstance(listed, list), f"GET /users must answer a JSON array, got {listed!r}"
    by_id = {str(u.get("id")): u for u in listed if isinstance(u, dict)}
    for user, n in zip(users, counts):
        found = by_id.get(str(user["id"]))
        assert found is not None, f"GET /users must list user {user['id']!r} (it has {n} posts)"
        assert_user(found, user, f"user {user['id']!r} in GET /users")
        got = found.get("post_count")
        assert isinstance(got, int) and not isinstance(got, bool) and got == n, (
            f"user {user['id']!r} has {n} posts: post_count must be the JSON integer {n}, got {got!r}")


# --- the foreign key ------------------------------------------------------------------------
def foreign_keys(pg):
    """(column, referenced table, referenced column) of every foreign key on posts."""
    return pg.execute(
        "SELECT kcu.column_name, ccu.table_name, ccu.column_name "
        "FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu "
        "  ON kcu.constraint_name = tc.constraint_name AND kcu.constraint_schema = tc.constraint_schema "
        "JOIN information_schema.constraint_column_usage ccu "
        "  ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema "
        "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = 'posts'"
    ).fetchall()


def missing_user_id_sql(pg):
    """SQL for a value of users.id's type that names no user."""
    data_type = pg.execute(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'users' AND column_name = 'id'").fetchone()[0]
    if data_type == "uuid":
        return "gen_random_uuid()"
    if data_type in ("integer", "bigint", "smallint", "numeric"):
        return "(SELECT COALESCE(max(id), 0) + 100000 FROM users)"
    return "md5(random()::text)"


@pytest.mark.points(3)
def test_foreign_key_in_database(client, pg, rng):
    """posts.user_id is a foreign key to users.id: the database itself refuses a post of no user"""
    user = create_user(client, rng)
    post = create_post(client, rng, user["id"])
    keys = foreign_keys(pg)
    assert ("user_id", "users", "id") in keys, (
        f"posts.user_id must be declared REFERENCES users(id) (a FOREIGN KEY constraint); "
        f"the foreign keys on posts are {keys!r}")
    refused = False
    try:
        with pg.transaction():
            pg.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a DEFERRABLE key checks now, not at a commit that never comes
            pg.execute(f"UPDATE posts SET user_id = {missing_user_id_sql(pg)} WHERE id::text = %s", (str(post["id"]),))
            raise psycopg.Rollback()  # never keep the dangling row, whatever happened
    except psycopg.errors.ForeignKeyViolation:
        refused = True
    assert refused, "the database must refuse to point a post at a user that does not exist (foreign key)"


@pytest.mark.points(2)
def test_post_for_unknown_user_404(client, pg, rng):
    """POST /users/:id/posts for an unknown or malformed user id answers 404 and writes nothing"""
    gone = create_user(client, rng)
    assert_status(client.delete(path("users", gone["id"])), 204)
    before = count(pg, "posts")
    for bad in (gone["id"], "nope", "999999999", "1 OR 1=1"):
        assert_error(client.post(path("users", bad, "posts"), json=new_post(rng)), 404, f"POST {path('users', bad, 'posts')}")
    assert count(pg, "posts") == before, "posts for unknown users must not be written"


@pytest.mark.points(2)
def test_delete_user_deletes_its_posts(client, pg, rng):
    """DELETE /users/:id answers 204 and removes the user and its posts; other users' posts stay"""
    user, other = create_user(client, rng), create_user(client, rng)
    mine = [create_post(client, rng, user["id"]) for _ in range(2)]
    theirs = create_post(client, rng, other["id"])
    response = client.delete(path("users", user["id"]))
    assert_status(response, 204)
    assert user_row(pg, user["id"]) is None, "after DELETE the user's row must be gone"
    left = pg.execute("SELECT count(*) FROM posts WHERE id::text = ANY(%s)", ([str(p["id"]) for p in mine],)).fetchone()[0]
    assert left == 0, f"deleting a user must delete its posts; {left} of its {len(mine)} posts are still in the table"
    assert str(theirs["id"]) in post_rows(pg, other["id"]), "deleting a user must leave other users' posts"
    assert_error(client.get(path("posts", mine[0]["id"])), 404, "GET of a post of a deleted user")
    assert_error(client.get(path("users", user["id"])), 404, "GET of a deleted user")


# --- errors ---------------------------------------------------------------------------------
@pytest.mark.points(1)
def test_invalid_bodies_400(client, pg, rng):
    """invalid users and posts answer 400 with a JSON error and write nothing"""
    user = create_user(client, rng)
    users_before, posts_before = count(pg, "users"), count(pg, "posts")
    good_user, good_post = new_user(rng), new_post(rng)
    for body, why in (({"email": good_user["email"]}, "no name"), ({**good_user, "name": "  "}, "blank name"),
                      ({**good_user, "email": 5}, "email a number"), ([good_user], "a JSON array")):
        assert_error(client.post("/users", json=body), 400, f"POST /users with {why}")
    for body, why in (({"body": good_post["body"]}, "no title"), ({**good_post, "title": ""}, "empty title"),
                      ({**good_post, "title": ["x"]}, "title not a string"), ({"title": "x", "body": 3}, "body a number")):
        assert_error(client.post(path("users", user["id"], "posts"), json=body), 400, f"POST a post with {why}")
    assert (count(pg, "users"), count(pg, "posts")) == (users_before, posts_before), "invalid bodies must write nothing"


@pytest.mark.points(1)
def test_unknown_ids_404(client, rng):
    """unknown and malformed ids answer 404 with a JSON error on GET /users/:id, GET /posts/:id and DELETE"""
    for bad in ("999999999", "nope", "1 OR 1=1", "00000000-0000-0000-0000-000000000000"):
        assert_error(client.get(path("users", bad)), 404, f"GET {path('users', bad)}")
        assert_error(client.get(path("users", bad), params={"include": "posts"}), 404, f"GET {path('users', bad)}?include=posts")
        assert_error(client.get(path("posts", bad)), 404, f"GET {path('posts', bad)}")
        assert_error(client.delete(path("users", bad)), 404, f"DELETE {path('users', bad)}")
