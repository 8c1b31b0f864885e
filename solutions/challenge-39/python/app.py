"""Reference solution of challenge-39 (OAuth authorization-code flow): Starlette with its signed
cookie SessionMiddleware, httpx.AsyncClient for the provider. The state lives in the browser's
own (signed) session cookie; users live in memory, keyed by the provider's `sub`."""

import os
import secrets
from urllib.parse import urlencode

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

PROVIDER = os.environ.get("OAUTH_PROVIDER_URL", "").rstrip("/")
CLIENT_ID = os.environ.get("OAUTH_CLIENT_ID", "")
CLIENT_SECRET = os.environ.get("OAUTH_CLIENT_SECRET", "")
REDIRECT_URI = os.environ.get("OAUTH_REDIRECT_URI", "")

users_by_sub: dict[str, dict] = {}


class ProviderError(Exception):
    pass


def error(status, message):
    return JSONResponse({"error": message}, status_code=status)


async def provider_profile(code: str) -> dict:
    """Redeems `code` and reads the user's profile; ProviderError on any failure of the provider."""
    try:
        async with httpx.AsyncClient(base_url=PROVIDER, timeout=5.0) as http:
            token = await http.post("/token", data={
                "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
            }, auth=(CLIENT_ID, CLIENT_SECRET))
            if token.status_code != 200:
                raise ProviderError(f"the provider's /token answered {token.status_code}")
            info = await http.get("/userinfo", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
            if info.status_code != 200:
                raise ProviderError(f"the provider's /userinfo answered {info.status_code}")
            return info.json()
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        raise ProviderError(f"the provider failed: {exc}") from None


async def login(request):
    state = secrets.token_urlsafe(24)
    request.session["oauth_state"] = state
    query = urlencode({"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
                       "scope": "profile email", "state": state})
    return RedirectResponse(f"{PROVIDER}/authorize?{query}", status_code=302)


async def callback(request):
    q = request.query_params
    expected = request.session.pop("oauth_state", None)  # spent whatever happens next
    if not expected or not secrets.compare_digest(q.get("state", ""), expected):
        return error(400, "invalid or missing state")
    if "error" in q:
        return error(401, f"the provider refused: {q['error']}")
    if not q.get("code"):
        return error(400, "missing code")
    try:
        profile = await provider_profile(q["code"])
    except ProviderError as exc:
        return error(502, str(exc))
    user = users_by_sub.setdefault(profile["sub"], {"id": len(users_by_sub) + 1, "sub": profile["sub"]})
    user.update(name=profile.get("name"), email=profile.get("email"))
    request.session.clear()
    request.session["sub"] = user["sub"]
    return RedirectResponse("/me", status_code=302)


async def me(request):
    user = users_by_sub.get(request.session.get("sub", ""))
    if user is None:
        return error(401, "not signed in")
    return JSONResponse(user)


async def logout(request):
    request.session.clear()
    return Response(status_code=204)


app = Starlette(
    routes=[
        Route("/auth/login", login),
        Route("/auth/callback", callback),
        Route("/me", me),
        Route("/auth/logout", logout, methods=["POST"]),
    ],
    middleware=[Middleware(SessionMiddleware, secret_key=os.environ.get("SESSION_SECRET", "dev"),
                           session_cookie="sid", same_site="lax", https_only=False)],
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
