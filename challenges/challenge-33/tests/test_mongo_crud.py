"""Hidden suite for challenge-33, Database CRUD (MongoDB): users in the collection `users`.

The suite reads and writes that collection itself through `mongo_db` (a pymongo Database, the one
MONGODB_URI names), so every check sees what the server really stored. Users get random names and
emails per check; ids are taken from `id` or `_id`, whichever the server answers with.
"""

import json

import pytest
from bson import ObjectId

from grader.testing import assert_error, json_body

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia",
         "Tim", "Hedy", "Alan", "Katherine", "Donald", "Sophie", "Guido", "Anita", "Bjarne", "Joan"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra",
        "Perlman", "Lamarr", "Turing", "Johnson", "Knuth", "Wilson", "Borg"]
DOMAINS = ["example.com", "mail.test", "corp.example.org", "users.example.net"]


def new_user(rng, age=True):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    user = {"name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}.{rng.randint(1000, 999999)}@{rng.choice(DOMAINS)}"}
    if age:
        user["age"] = rng.randint(18, 90)
    return user


def user_id(body, what):
    assert isinstance(body, dict), f"{what}: a user must be a JSON object, got {body!r}"
    value = body.get("id", body.get("_id"))
    assert isinstance(value, str) and ObjectId.is_valid(value) and len(value) == 24, (
        f"{what}: the user's id (under `id` or `_id`) must be the 24-hex-digit ObjectId string, got {value!r}"
    )
    return value


def assert_user(body, expected, what, uid=None):
    got_id = user_id(body, what)
    if uid is not None:
        assert got_id == uid, f"{what}: the id must stay {uid}, got {got_id}"
    for key, value in expected.items():
        assert body.get(key) == value, f"{what}: {key} must be {value!r}, got {body.get(key)!r}"
    return got_id


def assert_names_field(response, field, what):
    body = assert_error(response, 400, what)
    assert field in json.dumps(body), f"{what}: the 400 must name the invalid field {field!r}, got {body!r}"


def stored(mongo_db, uid):
    return mongo_db["users"].find_one({"_id": ObjectId(uid)})


def assert_stored(mongo_db, uid, expected, what):
    doc = stored(mongo_db, uid)
    assert doc is not None, f"{what}: no document with _id ObjectId('{uid}') in the collection `users`"
    for key, value in expected.items():
        assert doc.get(key) == value, f"{what}: the stored document's {key} must be {value!r}, got {doc.get(key)!r}"


def create(client, user):
    response = client.post("/users", json=user)
    assert response.status_code in (200, 201), (
        f"creating a valid user must succeed (201), got {response.status_code} for {user!r}"
    )
    return assert_user(json_body(response), user, "the created user")


def fresh_id():
    return str(ObjectId())


@pytest.mark.public
@pytest.mark.points(2)
def test_create_returns_201_and_stores(client, mongo_db, rng):
    """POST /users answers 201 with the user, and the document is in the collection users"""
    for user in (new_user(rng), new_user(rng, age=False)):
        response = client.post("/users", json=user)
        assert response.status_code == 201, f"POST /users {user!r}: expected status 201, got {response.status_code}"
        uid = assert_user(json_body(response), user, "the created user")
        assert_stored(mongo_db, uid, user, f"after POST /users {user!r}")


@pytest.mark.public
@pytest.mark.points(1)
def test_get_one(client, rng):
    """GET /users/:id answers 200 with that user"""
    first, second = new_user(rng), new_user(rng)
    ids = [create(client, first), create(client, second)]
    for uid, user in zip(ids, (first, second)):
        response = client.get(f"/users/{uid}")
        assert response.status_code == 200, f"GET /users/{uid}: expected status 200, got {response.status_code}"
        assert_user(json_body(response), user, f"GET /users/{uid}", uid)


@pytest.mark.public
@pytest.mark.points(1)
def test_list(client, rng):
    """GET /users answers 200 with an array holding every user"""
    users = [new_user(rng) for _ in range(3)]
    ids = {create(client, u): u for u in users}
    response = client.get("/users")
    assert response.status_code == 200, f"GET /users: expected status 200, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, list), f"GET /users must answer a JSON array, got {body!r}"
    listed = {user_id(item, "an item of GET /users"): item for item in body}
    for uid, user in ids.items():
        assert uid in listed, f"GET /users: the user {uid} created just before is missing"
        assert_user(listed[uid], user, f"GET /users, user {uid}", uid)


@pytest.mark.public
@pytest.mark.points(2)
def test_partial_update(client, mongo_db, rng):
    """PUT /users/:id updates the fields sent, keeps the others, in the database too"""
    user = new_user(rng)
    uid = create(client, user)
    change = {"age": user["age"] + rng.randint(1, 9)}
    response = client.put(f"/users/{uid}", json=change)
    assert response.status_code == 200, f"PUT /users/{uid} {change!r}: expected status 200, got {response.status_code}"
    expected = {**user, **change}
    assert_user(json_body(response), expected, f"PUT /users/{uid} {change!r}", uid)
    assert_stored(mongo_db, uid, expected, f"after PUT /users/{uid} {change!r}")
    change = {"name": new_user(rng)["name"], "email": new_user(rng)["email"]}
    response = client.put(f"/users/{uid}", json=change)
    assert response.status_code == 200, f"PUT /users/{uid} {change!r}: expected status 200, got {response.status_code}"
    expected = {**expected, **change}
    assert_user(json_body(response), expected, f"PUT /users/{uid} {change!r}", uid)
    assert_stored(mongo_db, uid, expected, f"after PUT /users/{uid} {change!r}")


@pytest.mark.points(2)
def test_delete(client, mongo_db, rng):
    """DELETE /users/:id answers 204 with an empty body; the document is gone and the id is 404"""
    uid = create(client, new_user(rng))
    response = client.delete(f"/users/{uid}")
    assert response.status_code == 204, f"DELETE /users/{uid}: expected status 204, got {response.status_code}"
    assert response.content == b"", f"a 204 must have an empty body, got {response.content[:200]!r}"
    assert stored(mongo_db, uid) is None, f"after DELETE /users/{uid} the document is still in the collection"
    assert_error(client.get(f"/users/{uid}"), 404, f"GET /users/{uid} after its DELETE")


@pytest.mark.points(1)
def test_serves_what_the_database_holds(client, mongo_db, rng):
    """a user written into the collection by the grader is served by GET /users/:id and GET /users"""
    user = new_user(rng)
    uid = str(mongo_db["users"].insert_one(dict(user)).inserted_id)
    response = client.get(f"/users/{uid}")
    assert response.status_code == 200, (
        f"GET /users/{uid} (a document the grader inserted into users): expected status 200, got {response.status_code}"
    )
    assert_user(json_body(response), user, f"GET /users/{uid}", uid)
    body = json_body(client.get("/users"))
    assert isinstance(body, list) and uid in [user_id(u, "an item of GET /users") for u in body], (
        f"GET /users must list the document {uid} the grader inserted into the collection"
    )


@pytest.mark.points(3)
def test_create_validation(client, mongo_db, rng):
    """POST /users with a missing or invalid field answers 400 naming it, and stores nothing"""
    before = mongo_db["users"].count_documents({})
    base = new_user(rng)
    cases = [
        ("name", {k: v for k, v in base.items() if k != "name"}),
        ("name", {**base, "name": "   "}),
        ("email", {k: v for k, v in base.items() if k != "email"}),
        ("email", {**base, "email": "not-an-address"}),
        ("age", {**base, "age": -rng.randint(1, 50)}),
    ]
    for field, payload in cases:
        assert_names_field(client.post("/users", json=payload), field, f"POST /users {payload!r}")
    after = mongo_db["users"].count_documents({})
    assert after == before, f"invalid POSTs must store nothing: the collection went from {before} to {after} documents"


@pytest.mark.points(2)
def test_update_validation(client, mongo_db, rng):
    """PUT /users/:id with an invalid field answers 400 naming it, and changes nothing"""
    user = new_user(rng)
    uid = create(client, user)
    for field, change in (("email", {"email": "still not an address"}), ("name", {"name": ""}),
                          ("age", {"age": -1})):
        assert_names_field(client.put(f"/users/{uid}", json=change), field, f"PUT /users/{uid} {change!r}")
    assert_stored(mongo_db, uid, user, f"after invalid PUTs on {uid}")


@pytest.mark.points(1)
def test_malformed_json(client, mongo_db):
    """POST /users with malformed JSON answers 400 with a JSON error"""
    response = client.post("/users", content=b'{"name": "Ada", "email": ', headers={"Content-Type": "application/json"})
    assert_error(response, 400, "POST /users with a malformed JSON body")


@pytest.mark.public
@pytest.mark.points(2)
def test_duplicate_email_on_create(client, mongo_db, rng):
    """POST /users with an email another user has answers 409, and stores no second user"""
    user = new_user(rng)
    create(client, user)
    other = {**new_user(rng), "email": user["email"]}
    assert_error(client.post("/users", json=other), 409, f"POST /users with the taken email {user['email']}")
    count = mongo_db["users"].count_documents({"email": user["email"]})
    assert count == 1, f"after a duplicate POST, {count} documents have the email {user['email']}"


@pytest.mark.points(1)
def test_duplicate_email_on_update(client, mongo_db, rng):
    """PUT /users/:id to an email another user has answers 409 and changes nothing"""
    first, second = new_user(rng), new_user(rng)
    create(client, first)
    uid = create(client, second)
    response = client.put(f"/users/{uid}", json={"email": first["email"]})
    assert_error(response, 409, f"PUT /users/{uid} with the email of another user")
    assert_stored(mongo_db, uid, second, f"after the refused PUT on {uid}")


@pytest.mark.points(1)
def test_unique_index_on_email(client, mongo_db, rng):
    """the collection users has a unique index on email"""
    create(client, new_user(rng))
    indexes = mongo_db["users"].index_information()
    unique = [name for name, info in indexes.items() if info.get("unique") and [k for k, _ in info["key"]] == ["email"]]
    assert unique, f"users must have a unique index on email; its indexes are {sorted(indexes)}"


@pytest.mark.points(2)
def test_not_an_object_id_is_400(client, rng):
    """an id that is not an ObjectId answers 400 on GET, PUT and DELETE"""
    for bad in ("not-an-id", str(rng.randint(1, 99999)), "z" * 24):
        assert_error(client.get(f"/users/{bad}"), 400, f"GET /users/{bad}")
        assert_error(client.put(f"/users/{bad}", json={"age": 30}), 400, f"PUT /users/{bad}")
        assert_error(client.delete(f"/users/{bad}"), 400, f"DELETE /users/{bad}")


@pytest.mark.points(2)
def test_unknown_id_is_404(client):
    """an ObjectId that matches no user answers 404 on GET, PUT and DELETE"""
    uid = fresh_id()
    assert_error(client.get(f"/users/{uid}"), 404, f"GET /users/{uid}")
    assert_error(client.put(f"/users/{uid}", json={"age": 30}), 404, f"PUT /users/{uid}")
    assert_error(client.delete(f"/users/{uid}"), 404, f"DELETE /users/{uid}")


@pytest.mark.points(2)
def test_database_error_is_500(client, mongo_db, rng):
    """a write the database refuses answers 500 with a JSON error, and the server keeps serving"""
    create(client, new_user(rng))  # the collection exists
    # A validator no user can satisfy: MongoDB refuses every insert (code 121), an error that is
    # neither a validation error of the app nor a duplicate key.
    mongo_db.command("collMod", "users", validator={"$jsonSchema": {"required": ["grader_lock_field"]}},
                     validationAction="error", validationLevel="strict")
    try:
        user = new_user(rng)
        assert_error(client.post("/users", json=user), 500, f"POST /users {user!r} while the database refuses writes")
    finally:
        mongo_db.command("collMod", "users", validator={}, validationLevel="off")
    response = client.get("/users")
    assert response.status_code == 200, f"after the database error GET /users must still answer 200, got {response.status_code}"
    uid = create(client, new_user(rng))
    assert uid, "the server must keep working once the database accepts writes again"
