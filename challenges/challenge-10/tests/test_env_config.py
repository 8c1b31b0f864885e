"""Hidden suite of challenge-10 (env-config): configuration from the environment and from .env."""

import string

import pytest

from grader.testing import assert_error, assert_status, json_body


def random_key(rng, prefix="key"):
    alphabet = string.ascii_letters + string.digits
    return f"{prefix}-" + "".join(rng.choice(alphabet) for _ in range(24))


def two_ports(server):
    first = server.pick_port()
    second = server.pick_port()
    for _ in range(20):
        if second != first:
            break
        second = server.pick_port()
    assert second != first, "the grader could not find two distinct free ports"
    return first, second


def get_config(client):
    response = client.get("/config")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict), "GET /config must answer a JSON object"
    return body


def assert_port(body, expected, as_integer=False):
    """The reported port; its JSON type only when as_integer, as its own check
    owns it: a port reported as "3000" costs that check, not every check of where the port comes from."""
    port = body.get("port")
    if as_integer:
        assert isinstance(port, int) and not isinstance(port, bool), (
            f"/config port must be a JSON integer, got {port!r}"
        )
    assert str(port) == str(expected), f"/config port must be the port the server listens on ({expected}), got {port}"


def assert_key_configured(body, expected):
    assert body.get("apiKeyConfigured") is expected, (
        f"/config apiKeyConfigured must be the boolean {str(expected).lower()}, "
        f"got {body.get('apiKeyConfigured')!r}"
    )


def assert_granted(client, key):
    response = client.get("/secret", headers={"X-API-Key": key})
    assert_status(response, 200)
    body = json_body(response)
    assert body == {"message": "Access granted"}, 'the right key must get {"message": "Access granted"}'


@pytest.mark.public
@pytest.mark.points(2)
def test_config_reports_port_and_key(client, server, rng):
    """GET /config reports the PORT it listens on and that an API key is configured"""
    port = server.pick_port()
    server.restart(env={"PORT": str(port), "API_KEY": random_key(rng)}, files={".env": ""})
    body = get_config(client)
    assert_port(body, port, as_integer=True)
    assert_key_configured(body, True)


@pytest.mark.public
@pytest.mark.points(2)
def test_secret_accepts_configured_key(client, server, config):
    """GET /secret with the configured X-API-Key answers 200 Access granted"""
    assert_granted(client, config["env"]["API_KEY"])


@pytest.mark.public
@pytest.mark.points(2)
def test_secret_rejects_wrong_or_missing_key(client, server, rng):
    """GET /secret with a wrong or missing X-API-Key answers 401 with an error"""
    assert_error(client.get("/secret", headers={"X-API-Key": random_key(rng, "wrong")}), 401)
    assert_error(client.get("/secret"), 401)


@pytest.mark.points(2)
def test_values_follow_the_environment(client, server, rng, config):
    """Another PORT and API_KEY in the environment change /config and /secret"""
    port = server.pick_port()
    key = random_key(rng)
    server.restart(env={"PORT": str(port), "API_KEY": key}, files={".env": ""})
    body = get_config(client)
    assert_port(body, port)
    assert_key_configured(body, True)
    assert_granted(client, key)
    old = client.get("/secret", headers={"X-API-Key": config["env"]["API_KEY"]})
    assert_error(old, 401)


@pytest.mark.points(2)
def test_values_from_dotenv_file(client, server, rng):
    """PORT and API_KEY are read from a .env file when the environment lacks them"""
    port = server.pick_port()
    key = random_key(rng, "dotenv")
    server.restart(
        env={"PORT": None, "API_KEY": None},
        files={".env": f"PORT={port}\nAPI_KEY={key}\n"},
        expect_port=port,
    )
    body = get_config(client)
    assert_port(body, port)
    assert_key_configured(body, True)
    assert_granted(client, key)


@pytest.mark.points(2)
def test_environment_beats_dotenv(client, server, rng):
    """Real environment variables win over the values of .env"""
    file_port, env_port = two_ports(server)
    file_key = random_key(rng, "file")
    env_key = random_key(rng, "env")
    server.restart(
        env={"PORT": str(env_port), "API_KEY": env_key},
        files={".env": f"PORT={file_port}\nAPI_KEY={file_key}\n"},
        expect_port=env_port,
    )
    body = get_config(client)
    assert_port(body, env_port)
    assert_granted(client, env_key)
    assert_error(client.get("/secret", headers={"X-API-Key": file_key}), 401)


@pytest.mark.points(2)
def test_missing_api_key_is_a_server_error(client, server, rng):
    """Without API_KEY, /config says so and /secret answers 500 to every request"""
    server.restart(env={"API_KEY": None}, files={".env": ""})
    assert_key_configured(get_config(client), False)
    assert_error(client.get("/secret"), 500)
    assert_error(client.get("/secret", headers={"X-API-Key": random_key(rng)}), 500)
    assert_error(client.get("/secret", headers={"X-API-Key": ""}), 500)


@pytest.mark.points(1)
def test_empty_api_key_is_not_configured(client, server, rng):
    """An empty API_KEY counts as not configured"""
    server.restart(env={"API_KEY": ""}, files={".env": ""})
    assert_key_configured(get_config(client), False)
    assert_error(client.get("/secret", headers={"X-API-Key": ""}), 500)
    assert_error(client.get("/secret"), 500)


@pytest.mark.points(1)
def test_key_must_match_exactly(client, server, rng):
    """Only the exact key is accepted (no prefix, case or substring match)"""
    key = random_key(rng)
    server.restart(env={"API_KEY": key}, files={".env": ""})
    near_misses = [key.upper(), key.lower(), key[:-1], key + "x", "x" + key, f"Bearer {key}"]
    for candidate in near_misses:
        if candidate == key:
            continue
        response = client.get("/secret", headers={"X-API-Key": candidate})
        assert_error(response, 401)
    assert_granted(client, key)


@pytest.mark.points(2)
def test_api_key_never_leaks(client, server, rng):
    """The value of API_KEY never appears in a response"""
    key = random_key(rng, "leak")
    server.restart(env={"API_KEY": key}, files={".env": ""})
    exchanges = [
        client.get("/config"),
        client.get("/secret", headers={"X-API-Key": key}),
        client.get("/secret", headers={"X-API-Key": random_key(rng, "wrong")}),
        client.get("/secret"),
    ]
    assert [r.status_code for r in exchanges] == [200, 200, 401, 401], (
        "expected /config 200, /secret 200 with the key, 401 with a wrong or missing key"
    )
    for response in exchanges:
        assert key not in response.text, f"{response.request.url.path} sent the API key in its body"
        for name, value in response.headers.items():
            assert key not in value, f"{response.request.url.path} sent the API key in header {name}"


@pytest.mark.points(1)
def test_default_port_is_3000(client, server):
    """Without PORT in the environment or .env, the server listens on 3000"""
    if not server.isolated:
        pytest.skip("needs an isolated sandbox: port 3000 may be taken on this host")
    server.restart(env={"PORT": None}, files={".env": ""}, expect_port=3000)
    assert_port(get_config(client), 3000)
