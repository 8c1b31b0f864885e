"""Hidden suite for challenge-54, API Documentation: a books API that serves its own OpenAPI 3
document at /openapi.json and a docs page at /docs.

The document is validated with openapi-spec-validator; its schemas are then used as JSON schemas
(openapi-schema-validator, which knows the 3.0 and 3.1 dialects): probed with good and bad bodies
made here, and applied to the server's live answers.
"""

import re

import pytest
from openapi_schema_validator import OAS30Validator, OAS31Validator
from openapi_spec_validator import validate

from grader.testing import json_body

ITEM_PATH = re.compile(r"/books/\{[^/{}]+\}")
# What the spec says each operation answers; every one must be documented.
STATUSES = {("/books", "get"): (200, 400), ("/books", "post"): (201, 400),
            ("/books/{id}", "get"): (200, 404), ("/books/{id}", "delete"): (204, 404)}
TITLES = ["Dune", "Solaris", "Neuromancer", "Kindred", "Hyperion", "Foundation", "Ubik", "Contact"]
AUTHORS = ["Frank Herbert", "Stanisław Lem", "William Gibson", "Octavia Butler", "Dan Simmons", "Ursula Le Guin"]


def fetch_document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200, f"GET /openapi.json: expected 200, got {response.status_code}"
    doc = json_body(response)
    assert isinstance(doc, dict), f"GET /openapi.json must answer a JSON object, got {type(doc).__name__}"
    return doc


def resolve(doc, node, depth=0):
    """`node` with every local $ref replaced by what it points at (the document's own refs only)."""
    assert depth < 40, "the document's $refs nest too deep (a cycle?)"
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            target = doc
            ref = node["$ref"]
            assert ref.startswith("#/"), f"only refs into the document itself are followed, got {ref!r}"
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                assert isinstance(target, dict) and part in target, f"the $ref {ref!r} points at nothing"
                target = target[part]
            return resolve(doc, target, depth + 1)
        return {k: resolve(doc, v, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(doc, v, depth + 1) for v in node]
    return node


def path_item(doc, path):
    """The path item documenting `path` (for /books/{id}, whatever the parameter is called)."""
    paths = doc.get("paths") or {}
    if path == "/books":
        item = paths.get("/books")
    else:
        item = next((v for k, v in paths.items() if ITEM_PATH.fullmatch(k)), None)
    assert isinstance(item, dict), f"the document has no path {path} (its paths: {sorted(paths)})"
    return resolve(doc, item)


def operation(doc, path, method):
    op = path_item(doc, path).get(method)
    assert isinstance(op, dict), f"the document does not document {method.upper()} {path}"
    return op


def documented_response(doc, path, method, status):
    """The response object documented for `status` (its exact code, or its range like 4XX)."""
    responses = operation(doc, path, method).get("responses") or {}
    for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx"):
        if key in responses:
            return responses[key]
    return None


def json_schema(response_object):
    """The application/json schema of a response or request body object, or None."""
    for media, content in ((response_object or {}).get("content") or {}).items():
        if media.split(";")[0].strip() == "application/json" and isinstance(content, dict) and "schema" in content:
            return content["schema"]
    return None


def validator(doc, schema):
    cls = OAS31Validator if str(doc.get("openapi", "")).startswith("3.1") else OAS30Validator
    return cls(schema)


def schema_of(doc, path, method, status):
    response = documented_response(doc, path, method, status)
    assert response is not None, f"{method.upper()} {path}: no response documented for {status}"
    schema = json_schema(response)
    assert schema is not None, f"{method.upper()} {path} {status}: no application/json schema documented"
    return schema


def new_book(rng):
    return {"title": f"{rng.choice(TITLES)} {rng.randint(2, 999)}", "author": rng.choice(AUTHORS),
            "year": rng.randint(1900, 2025)}


def create(client, rng):
    book = new_book(rng)
    response = client.post("/books", json=book)
    assert response.status_code == 201, f"POST /books {book}: expected 201, got {response.status_code}"
    return response, json_body(response)


@pytest.mark.public
@pytest.mark.points(3)
def test_document_is_valid_openapi(client):
    """GET /openapi.json answers a valid OpenAPI 3.0/3.1 document"""
    doc = fetch_document(client)
    version = str(doc.get("openapi", ""))
    assert re.fullmatch(r"3\.[01]\.\d+", version), f'"openapi" must be a version 3.0.x or 3.1.x, got {doc.get("openapi")!r}'
    try:
        validate(doc)
    except Exception as err:  # the validator's errors carry the offending path in their message
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise AssertionError(f"the document is not valid OpenAPI {version}: {first}") from None


@pytest.mark.public
@pytest.mark.points(1)
def test_docs_page(client):
    """GET /docs serves an interactive HTML documentation page"""
    response = client.get("/docs", follow_redirects=True)
    assert response.status_code == 200, f"GET /docs (following redirects): expected 200, got {response.status_code}"
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("text/html"), f"GET /docs must be an HTML page, got {content_type!r}"
    page = response.text.lower()
    tools = ("swagger", "redoc", "rapidoc", "rapi-doc", "scalar", "elements-api")
    assert any(tool in page for tool in tools), (
        "GET /docs must show the document with a documentation UI (Swagger UI, Redoc, RapiDoc, Scalar, ...): "
        f"the page names none; it starts with {response.text[:200]!r}"
    )


@pytest.mark.points(3)
def test_operations_and_statuses_documented(client):
    """every operation and every status it answers is documented"""
    doc = fetch_document(client)
    missing = [f"{method.upper()} {path} {status}" for (path, method), statuses in STATUSES.items()
               for status in statuses if documented_response(doc, path, method, status) is None]
    assert not missing, f"responses not documented: {missing}"


def _parameters(doc, path, method):
    """The parameters of an operation: its own plus its path item's."""
    params = (path_item(doc, path).get("parameters") or []) + (operation(doc, path, method).get("parameters") or [])
    return [p for p in params if isinstance(p, dict)]


@pytest.mark.points(2)
def test_parameters_and_body_documented(client):
    """limit (query, integer), the id (in path) and POST's JSON request body are documented"""
    doc = fetch_document(client)
    limit = [p for p in _parameters(doc, "/books", "get") if p.get("name") == "limit" and p.get("in") == "query"]
    assert limit, "GET /books must document the query parameter limit"
    limit_type = (limit[0].get("schema") or {}).get("type")
    assert limit_type == "integer" or (isinstance(limit_type, list) and "integer" in limit_type), (
        f"the parameter limit must have an integer schema, got {limit[0].get('schema')!r}"
    )
    for method in ("get", "delete"):
        in_path = [p for p in _parameters(doc, "/books/{id}", method) if p.get("in") == "path"]
        assert in_path, f"{method.upper()} /books/{{id}} must document its path parameter (in: path)"
    body = operation(doc, "/books", "post").get("requestBody")
    assert isinstance(body, dict) and json_schema(body) is not None, (
        "POST /books must document a requestBody with an application/json schema"
    )


def _probe(doc, schema, what, good, bad):
    check = validator(doc, schema)
    for instance in good:
        errors = [e.message for e in check.iter_errors(instance)]
        assert not errors, f"the documented {what} schema rejects the valid {instance!r}: {errors[:2]}"
    for reason, instance in bad:
        assert not check.is_valid(instance), f"the documented {what} schema accepts {instance!r} ({reason}): it must reject it"


@pytest.mark.points(3)
def test_schemas_are_strict(client, rng):
    """the documented schemas require the fields of the spec with their types"""
    doc = fetch_document(client)
    book = {"id": rng.randint(1, 10**6), **new_book(rng)}
    payload = {k: book[k] for k in ("title", "author", "year")}
    body = json_schema(operation(doc, "/books", "post").get("requestBody"))
    assert body is not None, "POST /books documents no application/json request body schema"
    without = lambda d, k: {x: v for x, v in d.items() if x != k}  # noqa: E731
    _probe(doc, body, "POST /books request body", [payload],
           [(f"no {k}", without(payload, k)) for k in payload]
           + [("year a string", {**payload, "year": str(payload["year"])}), ("title a number", {**payload, "title": 7})])
    book_bad = [(f"no {k}", without(book, k)) for k in book] + [
        ("id a string", {**book, "id": f"b{book['id']}"}), ("year a string", {**book, "year": str(book["year"])}),
        ("author a number", {**book, "author": 3})]
    _probe(doc, schema_of(doc, "/books/{id}", "get", 200), "GET /books/{id} 200 (Book)", [book], book_bad)
    _probe(doc, schema_of(doc, "/books", "post", 201), "POST /books 201 (Book)", [book], book_bad)
    _probe(doc, schema_of(doc, "/books", "get", 200), "GET /books 200 (array of Book)", [[], [book]],
           [("not an array", book), ("a Book without id", [without(book, "id")])])
    _probe(doc, schema_of(doc, "/books/{id}", "get", 404), "GET /books/{id} 404 (Error)", [{"error": "book not found"}],
           [("no error", {}), ("error a number", {"error": 404})])


@pytest.mark.points(4)
def test_live_answers_match_document(client, rng):
    """every live answer has a documented status and satisfies the documented schema"""
    doc = fetch_document(client)
    created, book = create(client, rng)
    missing = rng.randint(10**7, 10**8)
    exchanges = [
        ("/books", "post", created),
        ("/books", "post", client.post("/books", json={"title": "", "author": 5})),
        ("/books", "get", client.get("/books", params={"limit": rng.randint(1, 5)})),
        ("/books", "get", client.get("/books", params={"limit": 0})),
        ("/books/{id}", "get", client.get(f"/books/{book.get('id')}")),
        ("/books/{id}", "get", client.get(f"/books/{missing}")),
        ("/books/{id}", "delete", client.delete(f"/books/{book.get('id')}")),
        ("/books/{id}", "delete", client.delete(f"/books/{missing}")),
    ]
    for path, method, response in exchanges:
        what = f"{method.upper()} {response.request.url.path}{'?' + response.request.url.query.decode() if response.request.url.query else ''}"
        status = response.status_code
        documented = documented_response(doc, path, method, status)
        assert documented is not None, f"{what} answered {status}, a status the document does not give for {method.upper()} {path}"
        schema = json_schema(documented)
        if schema is None:
            assert status == 204 or not response.content, (
                f"{what} answered {status} with a body, but the document gives it no application/json schema"
            )
            continue
        errors = [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
                  for e in validator(doc, schema).iter_errors(json_body(response))]
        assert not errors, f"{what} answered {status} with a body the documented schema rejects: {errors[:3]}"


@pytest.mark.public
@pytest.mark.points(3)
def test_books_api(client, rng):
    """POST /books 201, GET one 200 and the list with limit, DELETE 204 then 404, bad input 400"""
    _, first = create(client, rng)
    sent = new_book(rng)
    response = client.post("/books", json=sent)
    assert response.status_code == 201, f"POST /books: expected 201, got {response.status_code}"
    second = json_body(response)
    assert isinstance(second.get("id"), int) and {k: second.get(k) for k in sent} == sent, (
        f"POST /books must answer the created book {sent} with an integer id, got {second!r}"
    )
    got = client.get(f"/books/{second['id']}")
    assert got.status_code == 200 and json_body(got) == second, f"GET /books/{second['id']} must answer {second!r}"
    listed = client.get("/books", params={"limit": 100})
    assert listed.status_code == 200, f"GET /books?limit=100: expected 200, got {listed.status_code}"
    ids = [b.get("id") for b in json_body(listed)]
    assert first["id"] in ids and second["id"] in ids and ids.index(first["id"]) < ids.index(second["id"]), (
        f"GET /books must list the books oldest first; ids {first['id']} then {second['id']} expected in {ids}"
    )
    one = json_body(client.get("/books", params={"limit": 1}))
    assert isinstance(one, list) and len(one) == 1, f"GET /books?limit=1 must answer one book, got {one!r}"
    for bad in ("0", "101", "many"):
        status = client.get("/books", params={"limit": bad}).status_code
        assert status == 400, f"GET /books?limit={bad}: expected 400, got {status}"
    bad_book = {**sent, "year": str(sent["year"])}
    assert client.post("/books", json=bad_book).status_code == 400, f"POST /books {bad_book} (year a string): expected 400"
    deleted = client.delete(f"/books/{second['id']}")
    assert deleted.status_code == 204, f"DELETE /books/{second['id']}: expected 204, got {deleted.status_code}"
    again = client.delete(f"/books/{second['id']}")
    assert again.status_code == 404, f"DELETE /books/{second['id']} a second time: expected 404, got {again.status_code}"
    gone = client.get(f"/books/{second['id']}")
    assert gone.status_code == 404, f"GET /books/{second['id']} after DELETE: expected 404, got {gone.status_code}"
