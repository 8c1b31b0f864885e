"""Hidden suite for challenge-07, HTTP Status Codes: GET /status/:code."""

import string

import pytest

from grader.testing import assert_status, json_body

REASON_PHRASES = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _check_supported(client, code, status=True):
    """GET /status/<code> for a supported code: status (unless not status), JSON body, integer code."""
    response = client.get(f"/status/{code}")
    if status:
        assert_status(response, code)
    body = json_body(response)
    assert isinstance(body, dict), f"the body of /status/{code} must be a JSON object"
    assert _is_int(body.get("code")), (
        f'"code" must be the JSON integer {code}, got {body.get("code")!r}'
    )
    assert body["code"] == code, f'"code" must echo the requested code {code}, got {body["code"]!r}'
    return body


def _check_rejected(client, raw):
    """GET /status/<raw> for anything that is not a supported code: 400 with an error string."""
    response = client.get(f"/status/{raw}")
    assert response.status_code == 400, (
        f"/status/{raw} is not a supported code: expected status 400, got {response.status_code}"
    )
    body = json_body(response)
    assert isinstance(body, dict), f"the 400 body for /status/{raw} must be a JSON object"
    error = body.get("error")
    assert isinstance(error, str) and error.strip(), (
        f'the 400 body for /status/{raw} must have a non-empty string "error", got {error!r}'
    )


@pytest.mark.public
@pytest.mark.points(1)
def test_status_200(client):
    """GET /status/200 answers 200 with {"code": 200, "message": "OK"}"""
    body = _check_supported(client, 200)
    assert body.get("message") == "OK", f'"message" for 200 must be "OK", got {body.get("message")!r}'


@pytest.mark.public
@pytest.mark.points(1)
def test_status_404(client):
    """GET /status/404 really answers with status 404 and {"code": 404}"""
    # the reason phrases are its own check's subject
    _check_supported(client, 404)


@pytest.mark.public
@pytest.mark.points(1)
def test_non_numeric_code_is_rejected(client):
    """GET /status/abc answers 400 with a JSON error"""
    _check_rejected(client, "abc")


@pytest.mark.points(1)
def test_status_500(client):
    """GET /status/500 really answers with status 500 and {"code": 500}"""
    _check_supported(client, 500)


@pytest.mark.points(2)
def test_every_supported_code_answers_with_itself(client, rng):
    """the other supported codes (201, 400, 401, 403, 503) answer with exactly that status and "code" """
    codes = [code for code in REASON_PHRASES if code not in (200, 404, 500)]  # those have their own checks
    rng.shuffle(codes)
    for code in codes:
        _check_supported(client, code)


@pytest.mark.points(2)
def test_reason_phrases(client, rng):
    """every supported code carries its standard reason phrase in "message" """
    codes = list(REASON_PHRASES)
    rng.shuffle(codes)
    for code in codes:
        body = _check_supported(client, code, status=False)  # the status is the other checks' subject
        assert body.get("message") == REASON_PHRASES[code], (
            f'"message" for {code} must be {REASON_PHRASES[code]!r}, got {body.get("message")!r}'
        )


@pytest.mark.points(2)
def test_unsupported_numbers_are_rejected(client, rng):
    """numbers that are not supported codes (204, 299, 600, 99, ...) answer 400"""
    others = [n for n in range(100, 1000) if n not in REASON_PHRASES]
    candidates = ["204", "299", "600", "99", "0", "1000"] + [str(n) for n in rng.sample(others, 4)]
    rng.shuffle(candidates)
    for raw in candidates:
        _check_rejected(client, raw)


@pytest.mark.points(1)
def test_malformed_numbers_are_rejected(client, rng):
    """codes that are not plain digits (200x, 404.0, +500, -201, 2.5) answer 400"""
    codes = list(REASON_PHRASES)
    letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 3)))
    candidates = [
        f"{rng.choice(codes)}x",
        f"{rng.choice(codes)}{letters}",
        f"{rng.choice(codes)}.0",
        f"+{rng.choice(codes)}",
        f"-{rng.choice(codes)}",
        "2.5",
        "20x",
    ]
    rng.shuffle(candidates)
    for raw in candidates:
        _check_rejected(client, raw)
