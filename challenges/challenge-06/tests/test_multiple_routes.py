"""Hidden suite for challenge-06: three related read-only collections."""

import json

import pytest

from grader.testing import id_key, is_json_id, json_array

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


def assert_references(children, child_path, ref_field, parents, parent_path):
    known = {id_key(parent["id"]) for parent in parents if is_json_id(parent["id"])}
    for index, child in enumerate(children):
        ref = child[ref_field]
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
    for path, fields in FIELDS.items():
        for index, item in enumerate(get_collection(client, path)):
            for field in fields:
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
    for path in FIELDS:
        seen = {}
        for index, item in enumerate(get_collection(client, path)):
            if not is_json_id(item["id"]):
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
    users = get_collection(client, "/users")
    posts = get_collection(client, "/posts")
    assert_references(posts, "/posts", "userId", users, "/users")


@pytest.mark.points(2)
def test_comments_reference_existing_posts(client):
    """Every comment's postId is the id of a post listed by GET /posts"""
    posts = get_collection(client, "/posts")
    comments = get_collection(client, "/comments")
    assert_references(comments, "/comments", "postId", posts, "/posts")
