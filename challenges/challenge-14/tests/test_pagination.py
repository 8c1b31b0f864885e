"""Hidden suite of challenge-14 (pagination): GET /items pages through 95 fixed items."""

import math

import pytest

from grader.testing import assert_bad_request, assert_status, is_int, json_body

TOTAL = 95


def expected_ids(page, limit):
    first = (page - 1) * limit + 1
    return list(range(first, min(page * limit, TOTAL) + 1))


def total_pages(limit):
    return math.ceil(TOTAL / limit)


def get_items(client, params=None):
    return client.get("/items", params=params)


def page_body(response):
    """200 with a JSON object whose "data" is an array of well-formed items; the body."""
    asked = response.request.url.query.decode() or "(no query)"
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), f"GET /items?{asked} must answer a JSON object, got {body!r}"
    data = body.get("data")
    assert isinstance(data, list), f'"data" must be a JSON array (GET /items?{asked}), got {data!r}'
    for item in data:
        assert isinstance(item, dict) and is_int(item.get("id")), (
            f'each item must be {{"id": n, "name": "Item n"}} (GET /items?{asked}), got {item!r}'
        )
        assert item.get("name") == f"Item {item['id']}", (
            f'item {item["id"]} must be named "Item {item["id"]}", got {item.get("name")!r}'
        )
    return body


def assert_metadata(response, body, **expected):
    asked = response.request.url.query.decode() or "(no query)"
    for key, value in expected.items():
        assert is_int(body.get(key)) and body[key] == value, (
            f'GET /items?{asked}: "{key}" must be the number {value}, got {body.get(key)!r}'
        )


def assert_page(response, page, limit):
    """Exactly the items of page `page` of size `limit`, with page, limit and total. totalPages is
    its own check's subject, so a wrong count costs that check alone."""
    asked = response.request.url.query.decode() or "(no query)"
    body = page_body(response)
    data = body["data"]
    want = expected_ids(page, limit)
    got = [item["id"] for item in data]
    assert got == want, (
        f"GET /items?{asked}: page {page} of size {limit} must hold ids "
        f"{want[:3] + ['...'] + want[-2:] if len(want) > 6 else want}, got "
        f"{got[:3] + ['...'] + got[-2:] if len(got) > 6 else got}"
    )
    assert_metadata(response, body, page=page, limit=limit, total=TOTAL)


@pytest.mark.public
@pytest.mark.points(2)
def test_defaults(client):
    """GET /items without parameters answers page 1 with 10 items and the metadata"""
    # the defaults only: which items a page holds is the other checks' subject
    response = get_items(client)
    body = page_body(response)
    assert_metadata(response, body, page=1, limit=10, total=TOTAL)
    assert len(body["data"]) == 10, f'the default page must hold 10 items, got {len(body["data"])}'


@pytest.mark.points(1)
def test_total_pages(client, rng):
    """totalPages is the number of pages, the partial last one included (95 items, limit 10: 10)"""
    limits = [10, 20, 95, 100, 1, rng.choice([n for n in range(2, 50) if TOTAL % n]), rng.randint(2, 100)]
    for limit in limits:
        response = get_items(client, {"limit": limit})
        assert_metadata(response, page_body(response), totalPages=total_pages(limit))


@pytest.mark.public
@pytest.mark.points(1)
def test_explicit_page_and_limit(client, rng):
    """GET /items?page=&limit= answers the items of that page"""
    limit = rng.randint(5, 30)
    assert_page(get_items(client, {"page": 2, "limit": limit}), 2, limit)
    assert_page(get_items(client, {"page": 3, "limit": 25}), 3, 25)


@pytest.mark.public
@pytest.mark.points(1)
def test_last_partial_page(client):
    """The last page holds only the remaining items (limit 10, page 10: items 91-95)"""
    assert_page(get_items(client, {"page": 10, "limit": 10}), 10, 10)
    assert_page(get_items(client, {"page": 5, "limit": 20}), 5, 20)


@pytest.mark.points(2)
def test_random_pages(client, rng):
    """Random page/limit pairs return exactly the right items"""
    for _ in range(6):
        limit = rng.randint(1, 100)
        page = rng.randint(1, total_pages(limit))
        assert_page(get_items(client, {"page": page, "limit": limit}), page, limit)
    limit = rng.choice([n for n in range(2, 50) if TOTAL % n != 0])
    last = total_pages(limit)
    assert_page(get_items(client, {"page": last, "limit": limit}), last, limit)


@pytest.mark.points(1)
def test_limit_bounds(client, rng):
    """limit=100 and limit=1, the bounds, are accepted"""
    for params in ({"limit": 100}, {"page": 1, "limit": 100}, {"page": rng.randint(2, 94), "limit": 1},
                   {"page": 95, "limit": 1}):
        response = get_items(client, params)
        body = page_body(response)
        assert_metadata(response, body, limit=params["limit"])
        assert len(body["data"]) <= params["limit"], f"a page of limit {params['limit']} holds {len(body['data'])} items"


@pytest.mark.points(1)
def test_each_default_alone(client, rng):
    """Only page given uses limit 10; only limit given uses page 1"""
    page = rng.randint(2, 9)
    response = get_items(client, {"page": page})
    assert_metadata(response, page_body(response), page=page, limit=10)
    limit = rng.choice([n for n in range(3, 60) if n != 10])
    response = get_items(client, {"limit": limit})
    assert_metadata(response, page_body(response), page=1, limit=limit)


@pytest.mark.points(2)
def test_page_after_the_last(client, rng):
    """A page after the last one answers 200 with an empty data array and correct metadata"""
    assert_page(get_items(client, {"page": 11}), 11, 10)
    limit = rng.randint(2, 60)
    after = total_pages(limit) + 1
    assert_page(get_items(client, {"page": after, "limit": limit}), after, limit)
    far = rng.randint(200, 5000)
    assert_page(get_items(client, {"page": far, "limit": 100}), far, 100)


@pytest.mark.points(2)
def test_invalid_page(client, rng):
    """A page that is not a positive integer (0, -1, abc, 1.5) answers 400 with a JSON error"""
    values = ["0", "-1", f"-{rng.randint(2, 50)}", "abc", rng.choice(["two", "first", "x1"]), "1.5",
              f"{rng.randint(2, 9)}.{rng.randint(1, 9)}", "2e1"]
    for value in values:
        assert_bad_request(get_items(client, {"page": value}), f"page={value}")
    assert_bad_request(get_items(client, {"page": "0", "limit": "10"}), "page=0&limit=10")


@pytest.mark.points(2)
def test_invalid_limit(client, rng):
    """A limit that is not an integer from 1 to 100 (0, -1, abc, 1.5, 101) answers 400 with a JSON error"""
    values = ["0", "-1", "abc", "1.5", "101", str(rng.randint(102, 10000)), f"{rng.randint(2, 9)}.5"]
    for value in values:
        assert_bad_request(get_items(client, {"limit": value}), f"limit={value}")
    assert_bad_request(get_items(client, {"page": "2", "limit": "101"}), "page=2&limit=101")
