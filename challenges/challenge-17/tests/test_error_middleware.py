"""Hidden suite for challenge-17, Error Handling Middleware: one centralised JSON error handler."""

import re
import time

import httpx
import pytest

from grader.testing import assert_status, json_body, word

CRASH = "Simulated crash"
ASYNC_FAILURE = "Simulated async failure"
# A stack frame as Node's err.stack ("    at fn (file:1:2)") or Python's traceback prints it: on
# its own line, or inside a JSON string, where the newline before it is the escape \n and the
# quotes are \" (a structured log line such as pino's {"stack": "Error: ...\n    at fn (...)"}, or a
# JSON response body).
STACK_FRAME = r'(^\s+at \S|\\n\s+at \S|File \\?"[^"\n]+?\\?", line \d+)'


# Starlette re-raises an unhandled exception after its 500 handler answered, and uvicorn then
# closes the keep-alive connection; a request reusing it could be reset. So requests that end in a
# 500 ask for a fresh connection.
CLOSE = {"Connection": "close"}


def get(client, path):
    """GET path; server errors on their own connection (see CLOSE)."""
    return client.get(path, headers=CLOSE if path.startswith("/error/") else None)


def error_object(response, status, what):
    """The {"error": {...}} object of an error response, after checking status and shape."""
    assert response.status_code == status, f"{what}: expected status {status}, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and "error" in body, (
        f'{what}: the body must be {{"error": {{"message": ..., "status": {status}}}}}, got {body!r}'
    )
    error = body["error"]
    assert isinstance(error, dict), (
        f'{what}: "error" must be an object {{"message": ..., "status": ...}}, not {error!r}'
    )
    message = error.get("message")
    assert isinstance(message, str) and message.strip(), (
        f"{what}: error.message must be a non-empty string, got {message!r}"
    )
    assert type(error.get("status")) is int and error["status"] == status, (
        f"{what}: error.status must be the integer {status}, got {error.get('status')!r}"
    )
    return error


def error_view(response, status, what):
    """Status and the error's fields, read leniently: a flat {"error": "message"} counts as its
    message. The exact shape is its own check's subject (error_object), so a flat shape costs
    that check, not every check of a status, a message or a stack."""
    assert response.status_code == status, f"{what}: expected status {status}, got {response.status_code}"
    body = json_body(response)
    assert isinstance(body, dict) and "error" in body, f'{what}: the body must hold "error", got {body!r}'
    error = body["error"]
    return error if isinstance(error, dict) else {"message": error}


def assert_no_stack(error, what):
    assert "stack" not in error, f"{what}: in production the error object must not have a 'stack' key"


def assert_stack(error, what):
    stack = error.get("stack")
    assert isinstance(stack, str) and stack.strip(), (
        f"{what}: in development the error object must carry 'stack', a non-empty string, got {stack!r}"
    )


@pytest.mark.public
@pytest.mark.points(1)
def test_ok_route(client):
    """GET /ok answers 200 {"ok": true}"""
    response = client.get("/ok")
    assert_status(response, 200)
    body = json_body(response)
    assert isinstance(body, dict) and body.get("ok") is True, f'GET /ok must answer {{"ok": true}}, got {body!r}'


@pytest.mark.public
@pytest.mark.points(2)
def test_client_errors(client):
    """the 400 and 403 routes answer their status with the error shape and their message"""
    error = error_object(get(client, "/error/bad-request"), 400, "GET /error/bad-request")
    assert error["message"] == "Invalid input", (
        f"GET /error/bad-request: error.message must be 'Invalid input', got {error['message']!r}"
    )
    error = error_object(get(client, "/error/forbidden"), 403, "GET /error/forbidden")
    assert error["message"] == "Access denied", (
        f"GET /error/forbidden: error.message must be 'Access denied', got {error['message']!r}"
    )


@pytest.mark.public
@pytest.mark.points(2)
def test_crash_is_500(client):
    """a thrown error answers 500 with a JSON error"""
    error_view(get(client, "/error/crash"), 500, "GET /error/crash")


@pytest.mark.points(2)
def test_unknown_routes(client, rng):
    """unknown routes, with any method, answer 404 through the same error handler"""
    requests = [
        ("GET", f"/{word(rng, 8)}"),
        ("GET", f"/error/{word(rng, 6)}"),
        ("POST", f"/{word(rng, 5)}/{rng.randint(1, 9999)}"),
        ("DELETE", f"/{word(rng, 6)}"),
    ]
    rng.shuffle(requests)
    for method, path in requests:
        error_view(client.request(method, path), 404, f"{method} {path}")


@pytest.mark.points(2)
def test_production_hides_internals(client, server, rng):
    """in production no error carries a stack and a 500 says only 'Internal Server Error'"""
    for path in ("/error/bad-request", "/error/forbidden", "/error/crash", "/error/async"):
        try:
            response = get(client, path)
        except httpx.TransportError:
            if path != "/error/async":
                raise
            # a server that dies on (or never answers) the async error is test_async_error's
            # subject: bring it back for the checks after this one
            if server.settle() is not None:
                server.restart()
            continue
        leaked = [text for text in (CRASH, ASYNC_FAILURE) if text in response.text]
        assert not leaked and not re.search(STACK_FRAME, response.text, re.MULTILINE), (
            f"GET {path}: a production response must reveal neither the internal message "
            f"{(leaked or [CRASH])[0]!r} nor a stack: {response.text[:300]!r}"
        )
        if path == "/error/crash":
            assert response.status_code == 500, f"GET {path}: expected status 500, got {response.status_code}"
        if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
            error = error_view(response, response.status_code, f"GET {path}")
            assert_no_stack(error, f"GET {path}")
            if response.status_code == 500:
                assert error.get("message") == "Internal Server Error", (
                    f"GET {path} in production: error.message must be 'Internal Server Error', got {error.get('message')!r}"
                )


@pytest.mark.points(2)
def test_500_is_logged_with_stack(client, server):
    """a 500 is logged to the server output with its message and stack trace"""
    before = server.logs()
    get(client, "/error/crash")  # what it answers is the other checks' subject
    deadline = time.monotonic() + 3.0
    while True:
        now = server.logs()
        new = now[len(before):] if now.startswith(before) else now
        if CRASH in new and re.search(STACK_FRAME, new, re.MULTILINE):
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert CRASH in new, (
        f"after GET /error/crash the server output must contain the error's message {CRASH!r}; "
        f"new output: {new[-600:]!r}"
    )
    raise AssertionError(
        "after GET /error/crash the server output must contain the stack trace (a frame line such as "
        f"'    at handler (server.js:12:9)' or 'File \"app.py\", line 12', as printed or JSON-escaped in a "
        f"structured log line); new output: {new[-600:]!r}"
    )


@pytest.mark.points(3)
def test_development_mode(client, server, rng):
    """with NODE_ENV=development errors carry a stack and a 500 shows its own message"""
    server.restart(env={"NODE_ENV": "development"})
    error = error_view(get(client, "/error/crash"), 500, "GET /error/crash (development)")
    assert error["message"] == CRASH, (
        f"GET /error/crash in development: error.message must be the error's own message {CRASH!r}, "
        f"got {error['message']!r}"
    )
    assert_stack(error, "GET /error/crash (development)")
    error = error_view(get(client, "/error/bad-request"), 400, "GET /error/bad-request (development)")
    assert_stack(error, "GET /error/bad-request (development)")


# Last on purpose: an async error that escapes the handler may crash the server.
@pytest.mark.points(2)
def test_async_error(client):
    """an error raised in async code answers 500, and the server keeps running"""
    # the status only: what a 500 shows in production is its own check's subject
    response = get(client, "/error/async")
    assert response.status_code == 500, f"GET /error/async: expected status 500, got {response.status_code}"
    response = client.get("/ok")
    assert_status(response, 200)
