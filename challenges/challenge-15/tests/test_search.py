"""Hidden suite of challenge-15 (search): GET /search?q= over a fixed 12-product catalogue."""

import pytest

from grader.testing import assert_bad_request, assert_status, is_int, json_body

# The catalogue of the README, in catalogue order.
CATALOGUE = [
    (1, "Wireless Mouse", 24.99),
    (2, "Mouse Pad", 9.5),
    (3, "USB-C Cable", 12),
    (4, "Mechanical Keyboard", 89.99),
    (5, "Wireless Keyboard", 49.99),
    (6, "USB-C Charger", 34.5),
    (7, "Laptop Sleeve", 42),
    (8, "Noise-Cancelling Headphones", 199),
    (9, "HDMI Cable", 8.99),
    (10, "Keyboard + Mouse Combo", 59.9),
    (11, "Gaming Mouse", 39.99),
    (12, "Webcam Cover", 4.5),
]
BY_ID = {pid: (name, price) for pid, name, price in CATALOGUE}


def expected_ids(term):
    """The README's rule: trimmed term, case-insensitive substring of the name, catalogue order."""
    needle = term.strip().lower()
    return [pid for pid, name, _ in CATALOGUE if needle in name.lower()]


def search(client, q):
    return client.get("/search", params={"q": q})


def assert_results(response, want_ids, q, in_order=False):
    """200 with exactly the products `want_ids` (full objects); in this order only when in_order.
    The order is its own check's subject and "count"
    its own check's, so a wrong order or count costs that check alone."""
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), f"GET /search?q={q!r} must answer a JSON object, got {body!r}"
    results = body.get("results")
    assert isinstance(results, list), f'"results" must be a JSON array (q={q!r}), got {results!r}'
    got_ids = []
    for product in results:
        assert isinstance(product, dict) and product.get("id") in BY_ID, (
            f"each result must be a catalogue product with its id (q={q!r}), got {product!r}"
        )
        name, price = BY_ID[product["id"]]
        assert product.get("name") == name and product.get("price") == price, (
            f"product {product['id']} must be {{name: {name!r}, price: {price}}} (q={q!r}), got {product!r}"
        )
        got_ids.append(product["id"])
    want_names = [BY_ID[i][0] for i in want_ids]
    got_names = [BY_ID[i][0] for i in got_ids]
    assert sorted(got_ids) == sorted(want_ids), f"q={q!r} must match exactly {want_names}, got {got_names}"
    if in_order:
        assert got_ids == want_ids, f"q={q!r}: the results must be in catalogue order {want_names}, got {got_names}"
    return body


def assert_count(body, want, q):
    count = body.get("count")
    assert is_int(count) and count == want, f'q={q!r}: "count" must be the number {want}, got {count!r}'


def random_case(rng, text):
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


@pytest.mark.public
@pytest.mark.points(2)
def test_search_returns_matches_in_catalogue_order(client):
    """GET /search?q=Mouse answers the 4 products with Mouse in their name, in catalogue order"""
    # the term in the names' own case: matching other cases is its own check's subject
    assert_results(search(client, "Mouse"), [1, 2, 10, 11], "Mouse", in_order=True)


@pytest.mark.public
@pytest.mark.points(1)
def test_no_match_is_an_empty_result(client, rng):
    """A term that matches nothing answers 200 with no results and count 0; count is the number of results"""
    term = rng.choice(["tablet", "printer", "monitor", "zebra"]) + str(rng.randint(10, 999))
    assert_count(assert_results(search(client, term), [], term), 0, term)
    assert_count(assert_results(search(client, "tablet"), [], "tablet"), 0, "tablet")
    term = rng.choice(["Mouse", "Cable", "Keyboard"])
    assert_count(json_body(search(client, term)), len(expected_ids(term)), term)


@pytest.mark.public
@pytest.mark.points(1)
def test_missing_q_is_400(client):
    """GET /search without q answers 400 with a JSON error"""
    assert_bad_request(client.get("/search"), "GET /search without q")


@pytest.mark.points(2)
def test_matching_ignores_case(client, rng):
    """Terms match whatever their upper/lower case (random casing of substrings)"""
    fixed = ["MOUSE", "kEyBoArD", "usb-c", "hdmi", "E"]
    for term in fixed:
        assert_results(search(client, term), expected_ids(term), term)
    for _ in range(5):
        # letters and spaces only: a piece with "+" (Keyboard + Mouse Combo) would also test
        # literal matching, the special-characters check's subject, on some seeds and not others
        _, name, _ = rng.choice([p for p in CATALOGUE if "+" not in p[1]])
        length = rng.randint(3, min(8, len(name)))
        start = rng.randint(0, len(name) - length)
        piece = name[start:start + length].strip()
        if len(piece) < 2:
            piece = name[:3]
        term = random_case(rng, piece)
        want = expected_ids(term)
        assert want, "internal: a substring of a name matches that name"
        assert_results(search(client, term), want, term)


@pytest.mark.points(1)
def test_term_is_trimmed(client, rng):
    """Leading and trailing whitespace around q is ignored"""
    term = rng.choice(["Cable", "Keyboard", "Wireless", "USB-C", "Mouse"])
    for padded in [f"  {term}  ", f"\t{term}", f"{term}\n", f" {term} \t"]:
        assert_results(search(client, padded), expected_ids(term), padded)


@pytest.mark.points(1)
def test_empty_or_blank_q_is_400(client, rng):
    """An empty or whitespace-only q answers 400 with a JSON error"""
    for q in ["", " ", " " * rng.randint(2, 6), "\t", " \t\n "]:
        assert_bad_request(search(client, q), f"q={q!r}")


@pytest.mark.points(1)
def test_term_in_every_name_returns_everything(client, rng):
    """A term found in every name returns the whole catalogue"""
    assert_results(search(client, "e"), [pid for pid, _, _ in CATALOGUE], "e")


@pytest.mark.points(1)
def test_special_characters_match_literally(client, rng):
    """Terms with -, +, ., ( match literally (usb-c, +, '.' and '(' are plain text)"""
    cases = [("USB-C", [3, 6]), ("USB-C C", [3, 6]), ("-", [3, 6, 8]), ("+", [10]), ("+ Mouse", [10]),
             (".", []), ("(", []), ("a+", []), ("c.*", [])]
    for term, want in rng.sample(cases, len(cases)):
        assert_results(search(client, term), want, term)


@pytest.mark.points(1)
def test_multi_word_terms_are_one_substring(client):
    """A term with spaces matches as one substring, not word by word"""
    for term, want in [("Wireless Keyboard", [5]), ("Mouse Pad", [2]), ("board Mouse", []), ("Pad Mouse", [])]:
        assert_results(search(client, term), want, term)
