"""Hidden suite for challenge-40, API Versioning: one users resource in two shapes under /api/v1
and /api/v2, negotiated on /api/users by Accept-Version, v1 deprecated with Deprecation (RFC 9745),
Sunset (RFC 8594) and a successor-version Link, 410 once the sunset has passed."""

import email.utils
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from grader.testing import assert_error, json_body

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Hedy", "Alan"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Perlman", "Lamarr", "Turing", "van Rossum"]
SUPPORTED = ["v1", "v2"]
LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,]+)*)')


# --- helpers ---------------------------------------------------------------------------------
def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def new_user(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {"firstName": first, "lastName": last,
            "email": f"{first.lower()}.{last.lower().replace(' ', '')}{rng.randrange(10**6)}@example.com"}


def create(client, rng):
    """A user created through v2: (the sent fields, the 201 body)."""
    fields = new_user(rng)
    response = client.post("/api/v2/users", json=fields)
    assert response.status_code == 201, f"POST /api/v2/users: expected status 201, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and "id" in body, f"POST /api/v2/users must answer the user with its id, got {body!r}"
    return fields, body


def v1_shape(fields, uid):
    return {"id": uid, "name": f"{fields['firstName']} {fields['lastName']}", "email": fields["email"]}


def v2_shape(fields, uid):
    return {"id": uid, **fields}


def get_json(client, path, status=200, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == status, f"GET {path}: expected status {status}, got {response.status_code}"
    return response, json_body(response)


def successor(response):
    """The target path of the Link rel="successor-version", or None."""
    for match in LINK.finditer(response.headers.get("link", "")):
        params = [p.strip() for p in match.group(2).split(";") if p.strip()]
        rels = [p.split("=", 1)[1].strip().strip('"').split() for p in params if p.lower().startswith("rel=")]
        if any("successor-version" in r for r in rels):
            return urlsplit(match.group(1)).path
    return None


def header_instant(value):
    """The instant a date header names, '@seconds' or an HTTP-date, or None."""
    if not value:
        return None
    if re.fullmatch(r"@-?\d+", value.strip()):
        return datetime.fromtimestamp(int(value.strip()[1:]), UTC)
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def assert_deprecated(response, config, what):
    """The Deprecation and Sunset headers of v1 in the spec's formats, with the configured dates."""
    env = config["env"]
    expected = int(instant(env["V1_DEPRECATED_AT"]).timestamp())
    got = response.headers.get("deprecation")
    assert got == f"@{expected}", f"{what}: Deprecation must be '@{expected}' (V1_DEPRECATED_AT), got {got!r}"
    sunset = response.headers.get("sunset")
    assert sunset, f"{what}: a v1 response needs a Sunset header"
    try:
        parsed = email.utils.parsedate_to_datetime(sunset)
    except (TypeError, ValueError):
        parsed = None
    assert parsed is not None and parsed.tzinfo is not None and sunset.rstrip().endswith("GMT"), (
        f"{what}: Sunset must be an HTTP-date such as 'Fri, 31 Dec 2099 23:59:59 GMT', got {sunset!r}"
    )
    assert parsed == instant(env["V1_SUNSET_AT"]), f"{what}: Sunset {sunset!r} is not V1_SUNSET_AT ({env['V1_SUNSET_AT']})"


# --- the two shapes --------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(2)
def test_create_v2(client, rng):
    """POST /api/v2/users answers 201 with the v2 user"""
    fields, body = create(client, rng)
    assert body == v2_shape(fields, body["id"]), f"the 201 body must be the v2 user {v2_shape(fields, body['id'])!r}, got {body!r}"


@pytest.mark.points(1)
def test_create_validation(client, rng):
    """POST /api/v2/users with a missing, empty or non-string field answers 400"""
    fields = new_user(rng)
    for key in ("firstName", "lastName", "email"):
        for bad, what in ((None, "missing"), ("", "empty"), (42, "a number")):
            body = {k: v for k, v in fields.items() if k != key or bad is not None}
            if bad is not None:
                body[key] = bad
            assert_error(client.post("/api/v2/users", json=body), 400, f"POST /api/v2/users with {key} {what}")


@pytest.mark.public
@pytest.mark.points(3)
def test_one_user_two_shapes(client, rng):
    """the same user reads as {id, name, email} in v1 and {id, firstName, lastName, email} in v2"""
    fields, created = create(client, rng)
    uid = created["id"]
    _, one = get_json(client, f"/api/v1/users/{uid}")
    assert one == v1_shape(fields, uid), f"GET /api/v1/users/{uid} must be exactly {v1_shape(fields, uid)!r}, got {one!r}"
    _, two = get_json(client, f"/api/v2/users/{uid}")
    assert two == v2_shape(fields, uid), f"GET /api/v2/users/{uid} must be exactly {v2_shape(fields, uid)!r}, got {two!r}"


@pytest.mark.points(2)
def test_list_shapes(client, rng):
    """the v1 list is a bare array of v1 users; the v2 list is {data: [v2 users], total}"""
    made = [create(client, rng) for _ in range(2)]
    _, one = get_json(client, "/api/v1/users")
    assert isinstance(one, list), f"GET /api/v1/users must be a JSON array, got {type(one).__name__}"
    _, two = get_json(client, "/api/v2/users")
    assert isinstance(two, dict) and isinstance(two.get("data"), list), f'GET /api/v2/users must be {{"data": [...], "total"}}, got {two!r}'
    assert two.get("total") == len(two["data"]) == len(one), (
        f"total ({two.get('total')!r}) must count the users: v2 lists {len(two['data'])}, v1 lists {len(one)}"
    )
    ids = [u.get("id") if isinstance(u, dict) else None for u in one]
    for fields, created in made:
        assert v1_shape(fields, created["id"]) in one, f"the v1 list must hold {v1_shape(fields, created['id'])!r}"
        assert v2_shape(fields, created["id"]) in two["data"], f"the v2 list must hold {v2_shape(fields, created['id'])!r}"
    assert ids.index(made[0][1]["id"]) < ids.index(made[1][1]["id"]), "lists are in creation order"


@pytest.mark.points(1)
def test_unknown_user_404(client, rng):
    """an unknown user id answers 404 with a JSON error in both versions"""
    uid = f"{rng.randrange(10**8, 10**9)}"
    for version in SUPPORTED:
        assert_error(client.get(f"/api/{version}/users/{uid}"), 404, f"GET /api/{version}/users/{uid}")


# --- deprecation of v1 -----------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_v1_deprecation_headers(client, config, rng):
    """every v1 response (one, list, 404) carries Deprecation: @<seconds> and Sunset as an HTTP-date"""
    _, created = create(client, rng)
    for path, status in ((f"/api/v1/users/{created['id']}", 200), ("/api/v1/users", 200),
                         (f"/api/v1/users/{rng.randrange(10**8, 10**9)}", 404)):
        response = client.get(path)
        assert response.status_code == status, f"GET {path}: expected status {status}, got {response.status_code}"
        assert_deprecated(response, config, f"GET {path}")


@pytest.mark.points(2)
def test_v1_successor_link(client, rng):
    """v1 responses carry Link: <the v2 equivalent>; rel="successor-version\""""
    _, created = create(client, rng)
    for path in (f"/api/v1/users/{created['id']}", "/api/v1/users"):
        response = client.get(path)
        expected = path.replace("/api/v1/", "/api/v2/")
        got = successor(response)
        assert got == expected, (
            f'GET {path}: Link must hold <{expected}>; rel="successor-version", the header is {response.headers.get("link")!r}'
        )


@pytest.mark.points(1)
def test_v2_not_deprecated(client, rng):
    """v2 responses carry neither Deprecation nor Sunset"""
    _, created = create(client, rng)
    for path in (f"/api/v2/users/{created['id']}", "/api/v2/users"):
        response = client.get(path)
        for header in ("deprecation", "sunset"):
            assert header not in response.headers, f"GET {path} (v2) must not carry {header.title()}: {response.headers[header]!r}"


@pytest.mark.points(1)
def test_dates_follow_environment(client, server, rng):
    """Deprecation and Sunset follow V1_DEPRECATED_AT and V1_SUNSET_AT"""
    deprecated = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 3 * 365 * 86400))
    sunset = datetime(2100, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 365 * 86400))
    env = {"V1_DEPRECATED_AT": deprecated.strftime("%Y-%m-%dT%H:%M:%SZ"), "V1_SUNSET_AT": sunset.strftime("%Y-%m-%dT%H:%M:%SZ")}
    server.restart(env=env)
    response = client.get("/api/v1/users")
    assert response.status_code == 200, f"GET /api/v1/users: expected status 200, got {response.status_code}"
    what = f"with V1_DEPRECATED_AT={env['V1_DEPRECATED_AT']} V1_SUNSET_AT={env['V1_SUNSET_AT']}"
    assert header_instant(response.headers.get("deprecation")) == deprecated, (
        f"{what}: Deprecation must name {env['V1_DEPRECATED_AT']}, got {response.headers.get('deprecation')!r}"
    )
    assert header_instant(response.headers.get("sunset")) == sunset, (
        f"{what}: Sunset must name {env['V1_SUNSET_AT']}, got {response.headers.get('sunset')!r}"
    )


@pytest.mark.points(2)
def test_gone_after_sunset(client, server, rng):
    """once V1_SUNSET_AT has passed, v1 answers 410 with a JSON error while v2 keeps working"""
    past = datetime.now(UTC) - timedelta(days=rng.randrange(1, 300))
    server.restart(env={"V1_SUNSET_AT": past.strftime("%Y-%m-%dT%H:%M:%SZ")})
    fields, created = create(client, rng)
    for path in ("/api/v1/users", f"/api/v1/users/{created['id']}"):
        assert_error(client.get(path), 410, f"GET {path} after the sunset")
    _, two = get_json(client, f"/api/v2/users/{created['id']}")
    assert two == v2_shape(fields, created["id"]), f"v2 must keep working after v1's sunset, got {two!r}"


# --- negotiation -----------------------------------------------------------------------------
@pytest.mark.public
@pytest.mark.points(3)
def test_accept_version_negotiation(client, rng):
    """GET /api/users/:id serves the shape Accept-Version asks for (v1 with its deprecation headers)"""
    fields, created = create(client, rng)
    uid = created["id"]
    path = f"/api/users/{uid}"
    response, one = get_json(client, path, headers={"Accept-Version": "v1"})
    assert one == v1_shape(fields, uid), f"GET {path} with Accept-Version: v1 must be the v1 user, got {one!r}"
    assert "deprecation" in response.headers, f"GET {path} with Accept-Version: v1 is served by v1: it needs the Deprecation header"
    response, two = get_json(client, path, headers={"Accept-Version": "v2"})
    assert two == v2_shape(fields, uid), f"GET {path} with Accept-Version: v2 must be the v2 user, got {two!r}"
    _, listed = get_json(client, "/api/users", headers={"Accept-Version": "v1"})
    assert isinstance(listed, list), f"GET /api/users with Accept-Version: v1 must be the v1 list (an array), got {listed!r}"


@pytest.mark.points(2)
def test_default_version_is_v2(client, rng):
    """without Accept-Version, /api/users serves v2"""
    fields, created = create(client, rng)
    _, body = get_json(client, f"/api/users/{created['id']}")
    assert body == v2_shape(fields, created["id"]), f"GET /api/users/{created['id']} without Accept-Version must be v2, got {body!r}"


@pytest.mark.points(1)
def test_version_headers(client, rng):
    """responses say API-Version (v1/v2), and /api/users adds Vary: Accept-Version"""
    _, created = create(client, rng)
    cases = ((f"/api/v1/users/{created['id']}", {}, "v1"), (f"/api/v2/users/{created['id']}", {}, "v2"),
             ("/api/users", {"Accept-Version": "v1"}, "v1"), ("/api/users", {"Accept-Version": "v2"}, "v2"))
    for path, headers, version in cases:
        response = client.get(path, headers=headers)
        got = response.headers.get("api-version")
        assert got == version, f"GET {path} {headers or ''}: API-Version must be {version!r}, got {got!r}"
        if path == "/api/users":
            vary = [v.strip().lower() for v in response.headers.get("vary", "").split(",")]
            assert "accept-version" in vary, f"GET {path}: Vary must list Accept-Version, got {response.headers.get('vary')!r}"


@pytest.mark.points(2)
def test_unknown_versions(client, rng):
    """an unknown Accept-Version is 400 and an unknown path version 404, both listing supportedVersions"""
    bad = f"v{rng.randrange(3, 99)}"
    for path, headers, status in (("/api/users", {"Accept-Version": bad}, 400),
                                  (f"/api/{bad}/users", {}, 404), (f"/api/{bad}/users/1", {}, 404)):
        body = assert_error(client.get(path, headers=headers), status, f"GET {path} {headers or ''}")
        assert body.get("supportedVersions") == SUPPORTED, (
            f'GET {path} {headers or ""}: the error must list "supportedVersions": {SUPPORTED}, got {body.get("supportedVersions")!r}'
        )
