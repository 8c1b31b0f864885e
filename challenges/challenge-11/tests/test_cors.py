"""Hidden suite of challenge-11 (cors): credentialed CORS for every origin, preflights, headers."""


import pytest

from grader.testing import assert_status, json_body, word

REQUIRED_METHODS = {"GET", "POST", "PUT", "DELETE"}
REQUIRED_HEADERS = {"content-type", "authorization"}


def random_origin(rng):
    return f"https://{word(rng, 8)}.example"


def tokens(response, name):
    """The comma-separated values of a header (all its lines), stripped and lower-cased."""
    values = ",".join(response.headers.get_list(name))
    return {part.strip().lower() for part in values.split(",") if part.strip()}


def assert_cors_allowed(response, origin):
    """The origin is allowed (its own value or *). That it is reflected with credentials allowed is
    its own check's subject (assert_credentialed), so a server answering
    * costs that check, not every cross-origin check."""
    acao = response.headers.get("access-control-allow-origin")
    assert acao is not None, "missing Access-Control-Allow-Origin on a request with an Origin header"
    assert acao in (origin, "*"), f"Access-Control-Allow-Origin must be the request's origin {origin!r}, got {acao!r}"


def assert_credentialed(response, origin):
    acao = response.headers.get("access-control-allow-origin")
    assert acao is not None, "missing Access-Control-Allow-Origin on a request with an Origin header"
    assert acao != "*", (
        "Access-Control-Allow-Origin must not be * when credentials are allowed: browsers reject it; "
        "reflect the request's Origin"
    )
    assert acao == origin, f"Access-Control-Allow-Origin must be the request's origin {origin!r}, got {acao!r}"
    acac = response.headers.get("access-control-allow-credentials")
    assert acac is not None and acac.strip() == "true", (
        f"Access-Control-Allow-Credentials must be 'true', got {acac!r}"
    )


def assert_vary_origin(response):
    vary = tokens(response, "vary")
    assert "origin" in vary or "*" in vary, (
        f"Vary must list Origin (the response depends on it), got {response.headers.get('vary')!r}"
    )


def preflight(client, origin, method, headers=None):
    request_headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        request_headers["Access-Control-Request-Headers"] = headers
    return client.options("/api/data", headers=request_headers)


def assert_preflight_approved(response, origin, method, headers=()):
    assert 200 <= response.status_code < 300, (
        f"a preflight for {method} with headers {sorted(headers)} must be approved with 200 or 204, "
        f"got {response.status_code}"
    )
    assert_cors_allowed(response, origin)
    methods = {m.upper() for m in tokens(response, "access-control-allow-methods")}
    assert method in methods, f"Access-Control-Allow-Methods must list {method}, got {sorted(methods)}"
    allowed = tokens(response, "access-control-allow-headers")
    for header in headers:
        assert header in allowed, (
            f"Access-Control-Allow-Headers must list {header}, got {response.headers.get('access-control-allow-headers')!r}"
        )


def random_payload(rng):
    return {
        "title": word(rng, 10),
        "count": rng.randint(1, 10_000),
        "tags": [word(rng, 4) for _ in range(rng.randint(1, 3))],
        "done": rng.choice([True, False]),
    }


@pytest.mark.public
@pytest.mark.points(1)
def test_get_data_without_origin(client):
    """GET /api/data without an Origin answers 200 with an items array"""
    response = client.get("/api/data")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("items"), list), 'the body must be {"items": [...]}'


@pytest.mark.public
@pytest.mark.points(1)
def test_post_data_echoes_body(client, rng):
    """POST /api/data answers 201 with the JSON body it received"""
    payload = random_payload(rng)
    response = client.post("/api/data", json=payload)
    assert_status(response, 201)
    assert json_body(response) == payload, "the response body must be the JSON object that was sent"


@pytest.mark.public
@pytest.mark.points(2)
def test_get_reflects_origin_with_credentials(client, rng):
    """A cross-origin GET and a preflight get their own Origin back and Allow-Credentials true"""
    origin = random_origin(rng)
    response = client.get("/api/data", headers={"Origin": origin})
    assert_status(response, 200)
    assert_credentialed(response, origin)
    assert_credentialed(preflight(client, origin, "GET"), origin)
    body = json_body(response)
    assert isinstance(body, dict) and isinstance(body.get("items"), list), 'the body must be {"items": [...]}'


@pytest.mark.public
@pytest.mark.points(2)
def test_preflight_for_post_json(client, rng):
    """A preflight for a JSON POST is approved for the requesting origin"""
    origin = random_origin(rng)
    response = preflight(client, origin, "POST", "content-type")
    assert_preflight_approved(response, origin, "POST", ["content-type"])


@pytest.mark.points(2)
def test_preflight_methods_and_headers(client, rng):
    """Preflights approve GET, POST, PUT and DELETE with Content-Type and Authorization"""
    for method in ["PUT", "DELETE", "GET", "POST"]:
        origin = random_origin(rng)
        response = preflight(client, origin, method, "authorization,content-type")
        assert_preflight_approved(response, origin, method, ["authorization", "content-type"])
        methods = {m.upper() for m in tokens(response, "access-control-allow-methods")}
        assert REQUIRED_METHODS <= methods, (
            f"Access-Control-Allow-Methods must list GET, POST, PUT and DELETE, got {sorted(methods)}"
        )
        allowed = tokens(response, "access-control-allow-headers")
        assert REQUIRED_HEADERS <= allowed, (
            "Access-Control-Allow-Headers must list Content-Type and Authorization, "
            f"got {response.headers.get('access-control-allow-headers')!r}"
        )


@pytest.mark.points(2)
def test_preflight_rejects_unlisted_header(client, rng):
    """A preflight asking for a header outside Content-Type/Authorization is not approved"""
    origin = random_origin(rng)
    # GET: which methods a preflight approves is its own check's subject
    allowed = preflight(client, origin, "GET", "content-type")
    assert_preflight_approved(allowed, origin, "GET", ["content-type"])
    custom = f"x-{word(rng, 6)}-header"
    for requested in [custom, f"content-type,{custom}"]:
        response = preflight(client, origin, "GET", requested)
        if 200 <= response.status_code < 300:
            assert custom not in tokens(response, "access-control-allow-headers"), (
                f"a preflight asking for {custom} must not list it in Access-Control-Allow-Headers "
                "(only Content-Type and Authorization are allowed)"
            )


@pytest.mark.points(1)
def test_vary_origin(client, rng):
    """Responses to cross-origin requests carry Vary: Origin"""
    origin = random_origin(rng)
    response = client.get("/api/data", headers={"Origin": origin})
    assert_status(response, 200)
    assert_vary_origin(response)
    response = client.post("/api/data", json=random_payload(rng), headers={"Origin": origin})
    assert_status(response, 201)
    assert_vary_origin(response)
    response = preflight(client, origin, "GET", "content-type")
    assert 200 <= response.status_code < 300, f"the preflight must be approved, got {response.status_code}"
    assert_vary_origin(response)


@pytest.mark.points(1)
def test_cross_origin_post_with_authorization(client, rng):
    """A cross-origin POST with Authorization gets 201, its Origin and credentials"""
    origin = random_origin(rng)
    payload = random_payload(rng)
    response = client.post(
        "/api/data",
        json=payload,
        headers={"Origin": origin, "Authorization": f"Bearer {word(rng, 16)}"},
    )
    assert_status(response, 201)
    assert_cors_allowed(response, origin)
    assert json_body(response) == payload, "the response body must be the JSON object that was sent"


@pytest.mark.points(1)
def test_every_origin_reflected(client, rng):
    """Each origin, whatever its scheme, host or port, gets itself reflected"""
    origins = [
        random_origin(rng),
        f"http://localhost:{rng.randint(1024, 65535)}",
        f"http://127.0.0.1:{rng.randint(1024, 65535)}",
        f"https://{word(rng, 5)}.{word(rng, 7)}.example:{rng.randint(1024, 65535)}",
    ]
    rng.shuffle(origins)
    for origin in origins:
        response = client.get("/api/data", headers={"Origin": origin})
        assert_status(response, 200)
        assert_cors_allowed(response, origin)
