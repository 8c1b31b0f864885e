"""oauth-provider: a fake OAuth 2.0 authorization server (RFC 6749, authorization-code grant).

GET  /authorize  auto-approves (no login page) as the user `login_hint` (default "1001") and
                 redirects to redirect_uri?code=...&state=...; the suite mints codes itself instead.
POST /token      grant_type=authorization_code, code, redirect_uri; the client authenticates with
                 client_id + client_secret in the form or with HTTP Basic -> {access_token, ...}
GET  /userinfo   Authorization: Bearer <access_token> -> {sub, name, email, email_verified}
A code is redeemed once; errors are RFC 6749 JSON ({"error": "invalid_grant"}, ...)."""

import base64
import binascii
import json
from urllib.parse import parse_qs, urlencode

from identity import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, TOKEN_TTL, mint_code, mint_token, read_code, read_token, user
from starlette.applications import Starlette
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

redeemed: set[str] = set()


def oauth_error(status, error, description):
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


async def authorize(request):
    q = request.query_params
    if q.get("client_id") != CLIENT_ID or q.get("redirect_uri") != REDIRECT_URI:
        return oauth_error(400, "invalid_request", "unknown client_id or unregistered redirect_uri")
    if q.get("response_type") != "code":
        return oauth_error(400, "unsupported_response_type", "only response_type=code")
    params = {"code": mint_code(q.get("login_hint") or "1001")}
    if "state" in q:
        params["state"] = q["state"]
    return RedirectResponse(f"{REDIRECT_URI}?{urlencode(params)}", status_code=302)


def client_credentials(request, form):
    """(client_id, client_secret) from HTTP Basic or, failing that, the form."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            cid, _, secret = base64.b64decode(value).decode().partition(":")
            return cid, secret
        except (binascii.Error, UnicodeDecodeError):
            return None, None
    return form.get("client_id"), form.get("client_secret")


async def token(request):
    raw = (await request.body()).decode("utf-8", "replace")
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            form = {k: str(v) for k, v in json.loads(raw).items()}
        except (ValueError, AttributeError):
            form = {}
    else:
        form = {k: v[0] for k, v in parse_qs(raw).items()}
    cid, secret = client_credentials(request, form)
    if cid != CLIENT_ID or secret != CLIENT_SECRET:
        return oauth_error(401, "invalid_client", "client authentication failed")
    if form.get("grant_type") != "authorization_code":
        return oauth_error(400, "unsupported_grant_type", "only authorization_code")
    code = form.get("code", "")
    claims = read_code(code)
    if claims is None or code in redeemed:
        return oauth_error(400, "invalid_grant", "unknown, expired or already redeemed code")
    if claims["cid"] != cid or form.get("redirect_uri") != claims["ru"]:
        return oauth_error(400, "invalid_grant", "redirect_uri differs from the authorization request's")
    redeemed.add(code)
    return JSONResponse({"access_token": mint_token(claims["sub"]), "token_type": "Bearer",
                         "expires_in": TOKEN_TTL, "scope": "profile email"},
                        headers={"Cache-Control": "no-store"})


async def userinfo(request):
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    claims = read_token(value) if scheme.lower() == "bearer" else None
    if claims is None:
        return JSONResponse({"error": "invalid_token"}, status_code=401,
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return JSONResponse(user(claims["sub"]))


app = Starlette(routes=[
    Route("/authorize", authorize),
    Route("/token", token, methods=["POST"]),
    Route("/userinfo", userinfo),
])
