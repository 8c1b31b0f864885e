"""Hidden suite for challenge-05: GET /products returns a static JSON array of products."""

import json

import pytest

from grader.testing import assert_status, id_key, is_number, json_array, json_body


def get_products(client):
    """GET /products and return the parsed array, failing with a clear message otherwise."""
    return json_array(client.get("/products"))


def get_catalogue(client):
    """Like get_products, also requiring at least 3 items that are all JSON objects."""
    products = get_products(client)
    assert len(products) >= 3, f"at least 3 products are required, got {len(products)}"
    for index, product in enumerate(products):
        assert isinstance(product, dict), (
            f"product #{index} must be a JSON object, got {json.dumps(product)}"
        )
    return products


def products_of(client):
    """The product objects, read leniently: an array wrapped in an object counts too, and any
    number of products. Both are its own check's subject, so a wrapped
    or short catalogue costs that check, not every check of the products' fields."""
    response = client.get("/products")
    assert_status(response, 200)
    body = json_body(response)
    if isinstance(body, dict):
        lists = [value for value in body.values() if isinstance(value, list)]
        assert len(lists) == 1, f"GET /products must answer with a JSON array of products, got {body!r}"
        body = lists[0]
    assert isinstance(body, list) and body, f"GET /products must answer with products, got {body!r}"
    for index, product in enumerate(body):
        assert isinstance(product, dict), f"product #{index} must be a JSON object, got {json.dumps(product)}"
    return body


def essentials(products):
    """The part of the catalogue that must not change between requests."""
    return [(product.get("id"), product.get("name"), product.get("price")) for product in products]


@pytest.mark.public
@pytest.mark.points(2)
def test_products_answers_200_json(client):
    """GET /products answers 200 with a JSON body"""
    response = client.get("/products")
    assert_status(response, 200)
    json_body(response)


@pytest.mark.public
@pytest.mark.points(2)
def test_products_is_array_of_at_least_three(client):
    """GET /products returns a JSON array of at least 3 product objects"""
    get_catalogue(client)


@pytest.mark.points(2)
def test_ids_present_and_unique(client):
    """Every product has an id (string or number) and no two products share one"""
    products = products_of(client)
    seen = {}
    for index, product in enumerate(products):
        assert "id" in product, f"product #{index} has no 'id' field: {json.dumps(product)}"
        product_id = product["id"]
        assert isinstance(product_id, str) or is_number(product_id), (
            f"product #{index}: id must be a JSON string or number, got {json.dumps(product_id)}"
        )
        key = id_key(product_id)
        assert key not in seen, (
            f"products #{seen.get(key)} and #{index} share the id {json.dumps(product_id)}"
        )
        seen[key] = index


@pytest.mark.points(1)
def test_names_are_non_empty_strings(client):
    """Every product has a non-empty string name"""
    products = products_of(client)
    for index, product in enumerate(products):
        name = product.get("name")
        assert isinstance(name, str) and name != "", (
            f"product #{index}: name must be a non-empty string, got "
            f"{json.dumps(name) if 'name' in product else 'no name field'}"
        )


@pytest.mark.points(2)
def test_prices_are_non_negative_numbers(client):
    """Every product has a price that is a JSON number >= 0"""
    products = products_of(client)
    for index, product in enumerate(products):
        assert "price" in product, f"product #{index} has no 'price' field: {json.dumps(product)}"
        price = product["price"]
        assert is_number(price), (
            f"product #{index}: price must be a JSON number, got {json.dumps(price)}"
            + (" (a string)" if isinstance(price, str) else "")
        )
        assert price >= 0, f"product #{index}: price must not be negative, got {price}"


@pytest.mark.points(1)
def test_catalogue_is_static(client):
    """Repeated requests return the same products in the same order"""
    first = essentials(products_of(client))
    for attempt in range(2, 5):
        again = essentials(products_of(client))
        assert again == first, (
            f"request #{attempt} returned different products (id, name, price) than the first: "
            f"{again!r} vs {first!r}"
        )
