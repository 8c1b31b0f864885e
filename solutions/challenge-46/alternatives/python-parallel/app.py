"""A correct alternative to the reference: both calls at once with asyncio.gather, a client per
service with its base_url, the error mapping in a Starlette exception handler."""
import asyncio
import os

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.routing import Route

TIMEOUT = float(os.environ.get("UPSTREAM_TIMEOUT_MS", "2000")) / 1000
users = httpx.AsyncClient(base_url=os.environ["USERS_SERVICE_URL"], timeout=TIMEOUT)
orders = httpx.AsyncClient(base_url=os.environ["ORDERS_SERVICE_URL"], timeout=TIMEOUT)


async def fetch_json(client, path, **kw):
    tries = 0
    while True:
        tries += 1
        try:
            r = await client.get(path, **kw)
        except httpx.TimeoutException:
            raise HTTPException(504, "timeout")
        except httpx.HTTPError:
            if tries < 3:
                continue
            raise HTTPException(503, "unreachable")
        if r.status_code >= 500 and tries < 3:
            continue
        if r.status_code == 404:
            raise HTTPException(404, "not found")
        if r.is_error:
            raise HTTPException(502, f"bad gateway ({r.status_code})")
        return r.json()


async def user_orders(request):
    uid = request.path_params["id"]
    user, their_orders = await asyncio.gather(
        fetch_json(users, f"/users/{uid}"), fetch_json(orders, "/orders", params={"userId": uid}))
    return JSONResponse({"orders": their_orders, "user": user})


async def on_error(request, exc):
    return JSONResponse({"error": exc.detail, "status": exc.status_code}, status_code=exc.status_code)


async def health(request):
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/users/{id}/orders", user_orders), Route("/health", health)],
                exception_handlers={HTTPException: on_error})

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
