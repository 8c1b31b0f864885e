"""Hidden suite of challenge-16 (sorting): GET /products?sort=&order= over 8 fixed products."""

import pytest

from grader.testing import assert_bad_request, assert_status, json_body

# The products of the README, in the order they are listed (not id order).
PRODUCTS = [
    (3, "Webcam", 59.5),
    (7, "Router", 74.9),
    (1, "Keyboard", 89.99),
    (8, "Speaker", 8.5),
    (5, "Charger", 19.99),
    (2, "Monitor", 249),
    (6, "Laptop", 999),
    (4, "Headset", 129),
]
BY_ID = {pid: (name, price) for pid, name, price in PRODUCTS}
FIELD_INDEX = {"id": 0, "name": 1, "price": 2}


def expected_ids(sort="id", order="asc"):
    ordered = sorted(PRODUCTS, key=lambda p: p[FIELD_INDEX[sort]], reverse=order == "desc")
    return [p[0] for p in ordered]


def describe(ids):
    return [f"{pid}:{BY_ID[pid][0]}:{BY_ID[pid][1]}" if pid in BY_ID else repr(pid) for pid in ids]


def get_products(client, params=None):
    return client.get("/products", params=params)


def product_ids(response):
    """200 with all 8 products (full objects); their ids in the order answered."""
    asked = response.request.url.query.decode() or "(no query)"
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, list), f"GET /products?{asked} must answer a JSON array, got {str(body)[:200]}"
    got = []
    for product in body:
        assert isinstance(product, dict) and product.get("id") in BY_ID, (
            f"each element must be one of the 8 products with its id (GET /products?{asked}), got {product!r}"
        )
        name, price = BY_ID[product["id"]]
        assert product.get("name") == name and product.get("price") == price, (
            f"product {product['id']} must be {{name: {name!r}, price: {price}}}, got {product!r}"
        )
        got.append(product["id"])
    assert sorted(got) == sorted(BY_ID), (
        f"GET /products?{asked} must return each of the 8 products once, got ids {got}"
    )
    return got


def assert_sorted(response, sort, order):
    """All 8 products in the order sort/order asks for."""
    asked = response.request.url.query.decode() or "(no query)"
    got = product_ids(response)
    want = expected_ids(sort, order)
    assert got == want, (
        f"GET /products?{asked} must be sorted by {sort} {order} (id:name:price): {describe(want)}, "
        f"got {describe(got)}"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_default_is_id_ascending(client):
    """GET /products without parameters is sorted by id ascending"""
    assert_sorted(get_products(client), "id", "asc")


@pytest.mark.public
@pytest.mark.points(1)
def test_sort_by_price_ascending(client):
    """sort=price&order=asc sorts by price, numerically, cheapest first"""
    assert_sorted(get_products(client, {"sort": "price", "order": "asc"}), "price", "asc")


@pytest.mark.public
@pytest.mark.points(1)
def test_sort_by_name_descending(client):
    """sort=name&order=desc sorts by name from Z to A"""
    assert_sorted(get_products(client, {"sort": "name", "order": "desc"}), "name", "desc")


@pytest.mark.points(2)
def test_every_field_in_both_orders(client, rng):
    """The other field and order pairs (id both ways, name ascending, price descending) sort correctly"""
    combos = [("id", "asc"), ("id", "desc"), ("name", "asc"), ("price", "desc")]
    for sort, order in rng.sample(combos, len(combos)):
        assert_sorted(get_products(client, {"sort": sort, "order": order}), sort, order)


@pytest.mark.points(1)
def test_sort_alone_is_ascending(client, rng):
    """sort without order sorts as order=asc does"""
    # compared with the server's own order=asc: how well a field sorts is the other checks' subject
    for sort in rng.sample(["name", "price", "id"], 3):
        alone = product_ids(get_products(client, {"sort": sort}))
        assert alone == product_ids(get_products(client, {"sort": sort, "order": "asc"})), (
            f"sort={sort} without order must answer as sort={sort}&order=asc does, got {describe(alone)}"
        )


@pytest.mark.points(1)
def test_order_alone_sorts_by_id(client):
    """order without sort sorts by id, as sort=id does"""
    for order in ("desc", "asc"):
        alone = product_ids(get_products(client, {"order": order}))
        assert alone == product_ids(get_products(client, {"sort": "id", "order": order})), (
            f"order={order} without sort must answer as sort=id&order={order} does, got {describe(alone)}"
        )


@pytest.mark.points(2)
def test_unknown_sort_field_is_400(client, rng):
    """An unknown sort field (e.g. rating) answers 400 with a JSON error"""
    words = ["rating", "category", "stock", "createdAt", "-price", "price,name", "cost", "title", "popularity"]
    for value in rng.sample(words, 4):
        order = rng.choice(["asc", "desc"])
        assert_bad_request(get_products(client, {"sort": value}), f"sort={value}")
        assert_bad_request(get_products(client, {"sort": value, "order": order}), f"sort={value}&order={order}")


@pytest.mark.points(1)
def test_unknown_order_is_400(client, rng):
    """An unknown order (e.g. ascending, down) answers 400 with a JSON error"""
    words = ["ascending", "descending", "up", "down", "1", "-1", "reverse", "random"]
    for value in rng.sample(words, 4):
        assert_bad_request(get_products(client, {"order": value}), f"order={value}")
        sort = rng.choice(["id", "name", "price"])
        assert_bad_request(get_products(client, {"sort": sort, "order": value}), f"sort={sort}&order={value}")


@pytest.mark.points(1)
def test_sorting_does_not_change_later_responses(client):
    """A sorted request does not change what later requests return"""
    steps = [("price", "desc"), (None, None), ("name", "asc"), (None, None), ("price", "asc"),
             ("id", "desc"), (None, None)]
    first = product_ids(get_products(client))
    # the default order is compared with itself: whether it is right is its own check's subject
    for sort, order in steps:
        params = {k: v for k, v in (("sort", sort), ("order", order)) if v is not None}
        got = product_ids(get_products(client, params))
        if not params:
            assert got == first, f"GET /products changed after sorted requests: {describe(first)} became {describe(got)}"
