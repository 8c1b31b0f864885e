"""Hidden suite of challenge-30 (response-caching): TTL cache, X-Cache, Cache-Control, invalidation."""

import string
import time

import pytest

from grader.testing import assert_error, assert_status, header_list, json_body

CATALOGUE = {
    1: ("Mechanical Keyboard", 89.99),
    2: ("Wireless Mouse", 24.5),
    3: ("USB-C Hub", 39),
    4: ("27-inch Monitor", 249.99),
    5: ("Laptop Stand", 34.95),
}
EXPIRY_MARGIN = 0.35  # seconds past the TTL before an entry must be gone


# --- helpers -------------------------------------------------------------------------------

def ttl_ms(config):
    return int(config.get("env", {}).get("CACHE_TTL_MS", "30000"))


def max_age_for(ttl):
    return max(1, ttl // 1000)


def start_cold(client, config):
    """An empty cache: DELETE /cache, or (when that is not implemented) wait out the TTL."""
    response = client.delete("/cache")
    if response.status_code != 204 and client.get("/products/1").status_code == 200:
        time.sleep(ttl_ms(config) / 1000 + EXPIRY_MARGIN)


def x_cache(response):
    return response.headers.get("x-cache", "").strip().upper()


def get_product(client, product_id, expect_cache):
    response = client.get(f"/products/{product_id}")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), "a product must be a JSON object"
    got = x_cache(response) or "(no X-Cache header)"
    assert got == expect_cache, f"GET /products/{product_id} must have X-Cache: {expect_cache} here, got {got}"
    return response, body


def assert_product(body, product_id, price=None):
    name, catalogue_price = CATALOGUE[product_id]
    price = catalogue_price if price is None else price
    assert body.get("id") == product_id and not isinstance(body.get("id"), bool), (
        f"product id must be the integer {product_id}, got {body.get('id')!r}"
    )
    assert body.get("name") == name, f"product {product_id} name must be {name!r}, got {body.get('name')!r}"
    got = body.get("price")
    assert isinstance(got, (int, float)) and not isinstance(got, bool) and got == pytest.approx(price), (
        f"product {product_id} price must be {price}, got {got!r}"
    )


def assert_cacheable(response, max_age=None):
    """public with one max-age; its value only when max_age is given, as the value following
    CACHE_TTL_MS is its own check's subject: a wrong number costs that check alone."""
    directives = header_list(response, "cache-control")
    assert directives, "a product response needs a Cache-Control header"
    assert "public" in directives, f"Cache-Control must contain public, got {directives}"
    ages = [d.replace(" ", "") for d in directives if d.replace(" ", "").startswith("max-age=")]
    assert len(ages) == 1 and ages[0][len("max-age="):].isdigit(), f"Cache-Control must contain one max-age=<seconds>, got {directives}"
    if max_age is not None:
        assert ages == [f"max-age={max_age}"], f"Cache-Control must contain max-age={max_age}, got {directives}"
    for wrong in ("no-store", "no-cache", "private"):
        assert wrong not in directives, f"Cache-Control of a cacheable product must not contain {wrong}"


def two_products(rng):
    first, second = rng.sample(sorted(CATALOGUE), 2)
    return first, second


def new_price(rng, old):
    price = round(rng.uniform(1, 500), 2)
    while price == old:
        price = round(rng.uniform(1, 500), 2)
    return price


# --- checks --------------------------------------------------------------------------------

@pytest.mark.public
@pytest.mark.points(2)
def test_catalogue_products(client, config, rng):
    """GET /products/:id answers each catalogue product"""
    start_cold(client, config)
    ids = sorted(CATALOGUE)
    rng.shuffle(ids)
    for product_id in ids:
        response = client.get(f"/products/{product_id}")
        assert_status(response, 200)
        body = json_body(response)
        assert isinstance(body, dict), "a product must be a JSON object"
        assert_product(body, product_id)


@pytest.mark.public
@pytest.mark.points(2)
def test_miss_then_hit(client, config, rng):
    """The first GET of a product is a MISS, the next ones are HITs with identical data"""
    start_cold(client, config)
    product_id = rng.choice(sorted(CATALOGUE))
    _, computed = get_product(client, product_id, "MISS")
    assert_product(computed, product_id)
    for _ in range(2):
        _, cached = get_product(client, product_id, "HIT")
        assert cached == computed, f"a HIT must return the same product as the MISS: {computed!r} vs {cached!r}"


@pytest.mark.public
@pytest.mark.points(1)
def test_cache_control_header(client, config, rng):
    """Products carry Cache-Control: public with a max-age (MISS and HIT)"""
    start_cold(client, config)
    product_id = rng.choice(sorted(CATALOGUE))
    # the MISS, then the HIT; X-Cache itself is its own check's subject
    for _ in range(2):
        response = client.get(f"/products/{product_id}")
        assert_status(response, 200)
        assert_cacheable(response)


@pytest.mark.points(1)
def test_unknown_product_not_cached(client, config, rng):
    """An unknown id answers 404 with Cache-Control: no-store, and is never a HIT"""
    start_cold(client, config)
    unknown = [str(rng.randint(6, 99999)), "".join(rng.choice(string.ascii_lowercase) for _ in range(6))]
    for product_id in unknown:
        for attempt in ("first", "second"):
            response = client.get(f"/products/{product_id}")
            assert response.status_code == 404, (
                f"{attempt} GET /products/{product_id} (unknown) must answer 404, got {response.status_code}"
            )
            assert_error(response, 404, f"{attempt} GET /products/{product_id} (unknown)")
            assert "no-store" in header_list(response, "cache-control"), (
                f"a 404 must have Cache-Control: no-store, got {response.headers.get('cache-control')!r}"
            )
            assert x_cache(response) != "HIT", "a 404 must never come from the cache (X-Cache: HIT)"


@pytest.mark.points(2)
def test_entries_expire(client, config, rng):
    """A cache entry expires CACHE_TTL_MS after it was stored"""
    start_cold(client, config)
    product_id = rng.choice(sorted(CATALOGUE))
    get_product(client, product_id, "MISS")
    get_product(client, product_id, "HIT")
    time.sleep(ttl_ms(config) / 1000 + EXPIRY_MARGIN)
    _, body = get_product(client, product_id, "MISS")
    assert_product(body, product_id)
    get_product(client, product_id, "HIT")


@pytest.mark.points(2)
def test_put_invalidates_entry(client, config, rng):
    """PUT changes the price and invalidates that product's entry, not the others"""
    start_cold(client, config)
    product_id, other_id = two_products(rng)
    original = CATALOGUE[product_id][1]
    price = new_price(rng, original)
    try:
        get_product(client, product_id, "MISS")
        get_product(client, product_id, "HIT")
        _, other_before = get_product(client, other_id, "MISS")
        response = client.put(f"/products/{product_id}", json={"price": price})
        assert_status(response, 200)
        updated = json_body(response)
        assert isinstance(updated, dict), "PUT must answer the updated product"
        assert_product(updated, product_id, price)
        _, other_after = get_product(client, other_id, "HIT")
        assert other_after == other_before, "PUT of one product must not change another product's cached data"
        _, recomputed = get_product(client, product_id, "MISS")
        assert_product(recomputed, product_id, price)
        _, cached = get_product(client, product_id, "HIT")
        assert_product(cached, product_id, price)
    finally:
        client.put(f"/products/{product_id}", json={"price": original})


@pytest.mark.points(1)
def test_put_validation(client, config, rng):
    """PUT with an invalid price answers 400, an unknown id 404, and nothing changes"""
    start_cold(client, config)
    product_id = rng.choice(sorted(CATALOGUE))
    bodies = [{"price": -1}, {"price": "10"}, {"price": True}, {"price": None}, {}, [rng.randint(1, 9)]]
    for body in bodies:
        response = client.put(f"/products/{product_id}", json=body)
        assert response.status_code == 400, f"PUT /products/{product_id} with {body!r} must answer 400, got {response.status_code}"
        error = json_body(response)
        assert isinstance(error, dict) and isinstance(error.get("error"), str), 'a 400 must be {"error": ...}'
    response = client.put(f"/products/{product_id}", content=b'{"price": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400, f"PUT with malformed JSON must answer 400, got {response.status_code}"
    json_body(response)
    unknown = rng.randint(6, 99999)
    response = client.put(f"/products/{unknown}", json={"price": 10})
    assert response.status_code == 404, f"PUT /products/{unknown} (unknown) must answer 404, got {response.status_code}"
    json_body(response)
    _, body = get_product(client, product_id, "MISS")
    assert_product(body, product_id)


@pytest.mark.points(1)
def test_delete_cache_clears_everything(client, config, rng):
    """DELETE /cache answers 204 and the next GETs are MISSes"""
    client.delete("/cache")
    first, second = two_products(rng)
    get_product(client, first, "MISS")
    get_product(client, second, "MISS")
    get_product(client, first, "HIT")
    response = client.delete("/cache")
    assert_status(response, 204)
    assert not response.content, "a 204 has no body"
    get_product(client, first, "MISS")
    get_product(client, second, "MISS")


@pytest.mark.points(1)
def test_miss_does_slow_lookup(client, config, rng):
    """A MISS performs the slow lookup (takes at least about 250 ms)"""
    start_cold(client, config)
    product_id = rng.choice(sorted(CATALOGUE))
    started = time.monotonic()
    get_product(client, product_id, "MISS")
    elapsed = time.monotonic() - started
    assert elapsed >= 0.25, f"an uncached lookup must take at least 300 ms, this MISS took {elapsed * 1000:.0f} ms"


@pytest.mark.points(2)
def test_max_age_follows_ttl(client, server, rng):
    """Cache-Control max-age follows another CACHE_TTL_MS (rounded down to seconds)"""
    # always half a second or more past a whole second, so rounding (up) and flooring always differ
    ttl = rng.randint(2, 3) * 1000 + rng.randint(500, 999)
    server.restart(env={"CACHE_TTL_MS": str(ttl)})
    product_id = rng.choice(sorted(CATALOGUE))
    # the value on the first answer (a MISS): Cache-Control on a HIT is its own check's subject
    response = client.get(f"/products/{product_id}")
    assert_status(response, 200)
    assert_cacheable(response, max_age_for(ttl))


@pytest.mark.points(1)
def test_entries_are_per_product(client, config, rng):
    """Each product has its own cache entry"""
    start_cold(client, config)
    first, second = two_products(rng)
    _, a = get_product(client, first, "MISS")
    _, b = get_product(client, second, "MISS")
    assert_product(a, first)
    assert_product(b, second)
    _, a_hit = get_product(client, first, "HIT")
    _, b_hit = get_product(client, second, "HIT")
    assert a_hit == a and b_hit == b, "a HIT must return the product that was asked for"
