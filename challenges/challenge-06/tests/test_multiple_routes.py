"""Hidden suite for challenge-06: three related read-only collections."""

import json

import pytest

from grader.testing import assert_status, id_key, is_json_id, json_array, json_body

FIELDS = {
    "/users": ("id", "name"),
    "/posts": ("id", "userId", "title"),
    "/comments": ("id", "postId", "body"),
}
TEXT_FIELD = {"/users": "name", "/posts": "title", "/comments": "body"}


def get_collection(client, path):
    """GET path and return its items: a JSON array of >= 2 objects with the documented fields."""
    body = json_array(client.get(path))
    assert len(body) >= 2, f"GET {path} must list at least 2 items, got {len(body)}"
    for index, item in enumerate(body):
        assert isinstance(item, dict), (
            f"GET {path}: item #{index} must be a JSON object, got {json.dumps(item)}"
        )
        missing = [field for field in FIELDS[path] if field not in item]
        assert not missing, (
            f"GET {path}: item #{index} lacks {', '.join(missing)}: {json.dumps(item)}"
        )
    return body


def items_of(client, path, required=True):
    """A collection's objects, read leniently: an array wrapped in an object counts, any number of
    items, fields may be missing. The exact shape is the route checks' subject (get_collection), so a
    wrapped, short or misnamed collection costs its route check, not every check that reads it.
    Unless required, a collection that cannot be read at all gives None."""
    response = client.get(path)
    if not required and response.status_code >= 400:
        return None
    assert_status(response, 200)
    body = json_body(response)
    if isinstance(body, dict):
        lists = [value for value in body.values() if isinstance(value, list)]
        assert len(lists) == 1, f"GET {path} must answer with a JSON array, got {body!r}"
        body = lists[0]
    assert isinstance(body, list), f"GET {path} must answer with a JSON array, got {body!r}"
    return [item for item in body if isinstance(item, dict)]


def readable_collections(client):
    """{path: items} of the collections that answer; at least one must."""
    found = {path: items for path in FIELDS if (items := items_of(client, path, required=False)) is not None}
    assert any(found.values()), f"none of {', '.join(FIELDS)} answers with items"
    return found


def assert_references(children, child_path, ref_field, parents, parent_path):
    assert children, f"GET {child_path} must list items"
    known = {id_key(parent.get("id")) for parent in parents if is_json_id(parent.get("id"))}
    for index, child in enumerate(children):
        ref = child.get(ref_field)
        assert is_json_id(ref) and id_key(ref) in known, (
            f"GET {child_path}: item #{index} has {ref_field} {json.dumps(ref)}, which is not the "
            f"id of any item of GET {parent_path} (ids there: "
            f"{', '.join(json.dumps(parent['id']) for parent in parents)}; the type must match too)"
        )


@pytest.mark.public
@pytest.mark.points(2)
def test_users_route(client):
    """GET /users answers 200 with a JSON array of at least 2 users {id, name}"""
    get_collection(client, "/users")


@pytest.mark.public
@pytest.mark.points(2)
def test_posts_route(client):
    """GET /posts answers 200 with a JSON array of at least 2 posts {id, userId, title}"""
    get_collection(client, "/posts")


@pytest.mark.public
@pytest.mark.points(2)
def test_comments_route(client):
    """GET /comments answers 200 with a JSON array of at least 2 comments {id, postId, body}"""
    get_collection(client, "/comments")


@pytest.mark.points(1)
def test_field_types(client):
    """Ids are strings or numbers; name, title and body are non-empty strings"""
    for path, items in readable_collections(client).items():
        for index, item in enumerate(items):
            for field in (f for f in FIELDS[path] if f in item):  # a missing field is the route check's
                if field == TEXT_FIELD[path]:
                    assert isinstance(item[field], str) and item[field] != "", (
                        f"GET {path}: item #{index}: {field} must be a non-empty string, "
                        f"got {json.dumps(item[field])}"
                    )
                else:
                    assert is_json_id(item[field]), (
                        f"GET {path}: item #{index}: {field} must be a JSON string or number, "
                        f"got {json.dumps(item[field])}"
                    )


@pytest.mark.points(1)
def test_ids_unique_per_collection(client):
    """Ids are unique within each collection"""
    for path, items in readable_collections(client).items():
        seen = {}
        for index, item in enumerate(items):
            if not is_json_id(item.get("id")):
                continue  # reported by the field-types check
            key = id_key(item["id"])
            assert key not in seen, (
                f"GET {path}: items #{seen.get(key)} and #{index} share the id "
                f"{json.dumps(item['id'])}"
            )
            seen[key] = index


@pytest.mark.points(2)
def test_posts_reference_existing_users(client):
    """Every post's userId is the id of a user listed by GET /users"""
    users = items_of(client, "/users")
    posts = items_of(client, "/posts")
    assert_references(posts, "/posts", "userId", users, "/users")


@pytest.mark.points(2)
def test_comments_reference_existing_posts(client):
    """Every comment's postId is the id of a post listed by GET /posts"""
    posts = items_of(client, "/posts")
    comments = items_of(client, "/comments")
    assert_references(comments, "/comments", "postId", posts, "/posts")
