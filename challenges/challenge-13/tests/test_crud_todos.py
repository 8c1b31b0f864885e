"""Hidden suite of challenge-13 (crud-todos): in-memory CRUD for todos.

Ids are used exactly as the server returns them (any JSON number or string), written as text in
the path, so numeric counters, string ids and UUIDs are all graded the same way.
"""

from urllib.parse import quote

import pytest

from grader.testing import assert_error, assert_status, id_key, is_json_id, json_body

VERBS = ["Buy", "Fix", "Call", "Write", "Review", "Plan", "Clean", "Book", "Read", "Ship", "Paint", "Water"]
NOUNS = ["milk", "the bike", "grandma", "the report", "PR #42", "the trip", "the garage", "flights",
         "chapter 3", "the release", "the fence", "the plants", "taxes", "the café order"]

JSON_HEADERS = {"Content-Type": "application/json"}


def make_title(rng):
    return f"{rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.randint(100, 99999)}"


def todo_path(todo_id):
    """The todo's URL: its id exactly as returned, as text."""
    return "/todos/" + quote(str(todo_id), safe="")


def assert_todo(body, title, completed, todo_id=None, what="the todo"):
    assert isinstance(body, dict), f"{what} must be a JSON object, got {body!r}"
    assert is_json_id(body.get("id")), f"{what} must have an id that is a JSON number or string, got {body!r}"
    if todo_id is not None:
        assert id_key(body["id"]) == id_key(todo_id), f"{what} must keep id {todo_id!r}, got {body['id']!r}"
    assert body.get("title") in (title, title.strip()), f"{what}: title must be {title!r}, got {body.get('title')!r}"
    assert body.get("completed") is completed, (
        f"{what}: completed must be the boolean {str(completed).lower()}, got {body.get('completed')!r}"
    )


def create(client, title, completed=None):
    """POST a valid todo; any 2xx is accepted here (the 201 itself is its own check)."""
    payload = {"title": title} if completed is None else {"title": title, "completed": completed}
    response = client.post("/todos", json=payload)
    assert 200 <= response.status_code < 300, (
        f"creating a valid todo must succeed (201), got {response.status_code} for {payload!r}"
    )
    body = json_body(response)
    assert_todo(body, title, bool(completed), what="the created todo")
    return body


def fetch(client, todo_id):
    response = client.get(todo_path(todo_id))
    assert_status(response, 200)
    return json_body(response)


def list_todos(client):
    response = client.get("/todos")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, list), f"GET /todos must answer a JSON array, got {body!r}"
    return body


def delete_ok(client, todo_id):
    response = client.delete(todo_path(todo_id))
    assert 200 <= response.status_code < 300, (
        f"deleting an existing todo must succeed (204), got {response.status_code}"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_create_answers_201_with_the_todo(client, rng):
    """POST /todos answers 201 with the new todo, completed defaulting to false"""
    title = make_title(rng)
    response = client.post("/todos", json={"title": title})
    assert_status(response, 201)
    assert_todo(json_body(response), title, False, what="the created todo (no completed sent)")

    title = make_title(rng)
    response = client.post("/todos", json={"title": title, "completed": True})
    assert_status(response, 201)
    assert_todo(json_body(response), title, True, what="the created todo (completed: true sent)")


@pytest.mark.public
@pytest.mark.points(1)
def test_get_one_todo(client, rng):
    """GET /todos/:id answers 200 with that todo"""
    completed = rng.choice([True, False])
    created = create(client, make_title(rng), completed)
    other = create(client, make_title(rng))
    body = fetch(client, created["id"])
    assert_todo(body, created["title"], completed, created["id"], what=f"GET {todo_path(created['id'])}")
    body = fetch(client, other["id"])
    assert_todo(body, other["title"], False, other["id"], what=f"GET {todo_path(other['id'])}")


@pytest.mark.public
@pytest.mark.points(2)
def test_list_starts_empty_and_lists_created_todos(client, server, rng):
    """GET /todos is [] at start and then lists every created todo"""
    server.restart()  # a fresh process: the in-memory store starts empty
    assert list_todos(client) == [], "GET /todos must answer [] when no todo was created yet"

    created = [create(client, make_title(rng), rng.choice([True, False])) for _ in range(rng.randint(2, 4))]
    listed = list_todos(client)
    assert len(listed) == len(created), (
        f"after creating {len(created)} todos, GET /todos must list {len(created)}, got {len(listed)}: {listed!r}"
    )
    by_id = {id_key(t.get("id")): t for t in listed if isinstance(t, dict)}
    for todo in created:
        assert id_key(todo["id"]) in by_id, f"GET /todos must include the todo with id {todo['id']!r}"
        assert_todo(by_id[id_key(todo["id"])], todo["title"], todo["completed"], todo["id"],
                    what=f"the listed todo {todo['id']!r}")


@pytest.mark.public
@pytest.mark.points(1)
def test_delete_answers_204_and_removes(client, rng):
    """DELETE /todos/:id answers 204 with an empty body and the todo is gone"""
    todo = create(client, make_title(rng))
    response = client.delete(todo_path(todo["id"]))
    assert_status(response, 204)
    assert response.content == b"", f"a 204 answer has no body, got {response.text[:200]!r}"
    assert_error(client.get(todo_path(todo["id"])), 404, "GET after DELETE")
    listed = list_todos(client)
    assert all(id_key(t.get("id")) != id_key(todo["id"]) for t in listed if isinstance(t, dict)), (
        "a deleted todo must no longer be in GET /todos"
    )


@pytest.mark.points(2)
def test_update_fields(client, rng):
    """PUT /todos/:id updates title and/or completed; fields not sent keep their values"""
    todo = create(client, make_title(rng), False)
    todo_id, title = todo["id"], todo["title"]

    response = client.put(todo_path(todo_id), json={"completed": True})
    assert_status(response, 200)
    assert_todo(json_body(response), title, True, todo_id, what="PUT {completed: true} (title kept)")

    new_title = make_title(rng)
    response = client.put(todo_path(todo_id), json={"title": new_title})
    assert_status(response, 200)
    assert_todo(json_body(response), new_title, True, todo_id, what="PUT {title} (completed kept)")

    newer_title = make_title(rng)
    response = client.put(todo_path(todo_id), json={"title": newer_title, "completed": False})
    assert_status(response, 200)
    assert_todo(json_body(response), newer_title, False, todo_id, what="PUT {title, completed}")

    assert_todo(fetch(client, todo_id), newer_title, False, todo_id, what="GET after the updates")


@pytest.mark.points(1)
def test_update_never_changes_the_id(client, rng):
    """PUT ignores an id in the body: the todo keeps its id"""
    first = create(client, make_title(rng))
    second = create(client, make_title(rng))
    new_title = make_title(rng)
    response = client.put(todo_path(first["id"]), json={"id": second["id"], "title": new_title})
    assert_status(response, 200)
    assert_todo(json_body(response), new_title, False, first["id"], what="PUT with another todo's id in the body")
    assert_todo(fetch(client, first["id"]), new_title, False, first["id"], what="GET the updated todo")
    assert_todo(fetch(client, second["id"]), second["title"], False, second["id"],
                what="the other todo (whose id was in the body)")

    unused = rng.randint(10**8, 10**9)
    response = client.put(todo_path(first["id"]), json={"id": unused, "completed": True})
    assert_status(response, 200)
    assert_todo(json_body(response), new_title, True, first["id"], what=f"PUT with id {unused} in the body")


@pytest.mark.points(2)
def test_unknown_id_is_404_on_every_route(client, rng):
    """GET, PUT and DELETE on an unknown or deleted id answer 404 with a JSON error"""
    todo = create(client, make_title(rng))
    delete_ok(client, todo["id"])
    for todo_id in [todo["id"], rng.randint(10**8, 10**9)]:
        path = todo_path(todo_id)
        assert_error(client.get(path), 404, f"GET {path}")
        assert_error(client.put(path, json={"title": make_title(rng)}), 404, f"PUT {path}")
        assert_error(client.delete(path), 404, f"DELETE {path}")


@pytest.mark.points(1)
def test_non_numeric_id_is_404(client, rng):
    """An id that is not a number at all (e.g. /todos/nope) answers 404 with a JSON error"""
    for text in ["nope", rng.choice(["abc", "todo", "xyz"]) + str(rng.randint(1, 99))]:
        path = f"/todos/{text}"
        assert_error(client.get(path), 404, f"GET {path}")
        assert_error(client.put(path, json={"completed": True}), 404, f"PUT {path}")
        assert_error(client.delete(path), 404, f"DELETE {path}")


@pytest.mark.points(2)
def test_create_validation(client, rng):
    """POST /todos rejects a missing, blank or non-string title and a non-boolean completed with 400"""
    before = len(list_todos(client))
    title = make_title(rng)
    payloads = [
        {},
        {"completed": True},
        {"title": ""},
        {"title": " " * rng.randint(1, 5)},
        {"title": "\t\n "},
        {"title": rng.randint(1, 9999)},
        {"title": None},
        {"title": [title]},
        {"title": {"text": title}},
        {"title": title, "completed": "true"},
        {"title": title, "completed": rng.choice([0, 1])},
        {"title": title, "completed": "yes"},
    ]
    for payload in payloads:
        assert_error(client.post("/todos", json=payload), 400, f"POST /todos with {payload!r}")
    after = len(list_todos(client))
    assert after == before, f"invalid POSTs must not create todos: GET /todos went from {before} to {after}"


@pytest.mark.points(1)
def test_create_rejects_a_body_that_is_not_an_object(client, rng):
    """POST /todos answers 400 with a JSON error for malformed JSON and non-object JSON"""
    title = make_title(rng)
    bodies = ['{"title": "' + title + '", ', f'[{{"title": "{title}"}}]', f'"{title}"']
    for raw in bodies:
        response = client.post("/todos", content=raw.encode(), headers=JSON_HEADERS)
        assert_error(response, 400, f"POST /todos with the raw body {raw!r}")


@pytest.mark.points(1)
def test_update_validation(client, rng):
    """PUT /todos/:id answers 400 for an invalid or empty update and changes nothing"""
    todo = create(client, make_title(rng))
    path = todo_path(todo["id"])
    new_title = make_title(rng)
    payloads = [
        {},
        {"id": todo["id"]},
        {"title": ""},
        {"title": "   "},
        {"title": rng.randint(1, 999)},
        {"completed": "false"},
        {"completed": 1},
        {"title": new_title, "completed": "yes"},
        {"title": "  ", "completed": True},
    ]
    for payload in payloads:
        assert_error(client.put(path, json=payload), 400, f"PUT {path} with {payload!r}")
    for raw in ['{"title": ', "[]"]:
        response = client.put(path, content=raw.encode(), headers=JSON_HEADERS)
        assert_error(response, 400, f"PUT {path} with the raw body {raw!r}")
    assert_todo(fetch(client, todo["id"]), todo["title"], False, todo["id"],
                what="the todo after invalid PUTs (nothing may change)")


@pytest.mark.points(2)
def test_ids_are_unique_and_never_reused(client, rng):
    """Ids are unique and a deleted todo's id is never given to a new todo"""
    created = [create(client, make_title(rng)) for _ in range(rng.randint(3, 5))]
    issued = [id_key(t["id"]) for t in created]
    assert len(set(issued)) == len(issued), f"every todo needs its own id, got {[t['id'] for t in created]!r}"

    last = created[-1]
    delete_ok(client, last["id"])
    replacement = create(client, make_title(rng))
    assert id_key(replacement["id"]) not in issued, (
        f"the new todo got id {replacement['id']!r}, which was already used (deleted todo {last['id']!r} "
        "or a live one): ids must never be reused"
    )
    issued.append(id_key(replacement["id"]))

    middle = created[rng.randrange(0, len(created) - 1)]
    delete_ok(client, middle["id"])
    another = create(client, make_title(rng))
    assert id_key(another["id"]) not in issued, (
        f"the new todo got id {another['id']!r}, which was already used: ids must never be reused"
    )
    assert_todo(fetch(client, replacement["id"]), replacement["title"], False, replacement["id"],
                what="the todo created after a delete")
