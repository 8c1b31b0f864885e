"""Alternative: one Mount per service, auth and the log line as Starlette middleware
(BaseHTTPMiddleware), itertools.cycle for the turn, logging to stderr."""

import itertools
import logging
import os

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

logging.basicConfig(level=logging.INFO, format="%(asctime)s gateway %(message)s")
log = logging.getLogger("gateway")
TIMEOUT = float(os.environ.get("UPSTREAM_TIMEOUT_MS") or 2000) / 1000
client = httpx.AsyncClient(timeout=httpx.Timeout(TIMEOUT))
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def proxy_to(name, urls):
    turn = itertools.cycle(range(len(urls)))

    async def handler(request):
        first = next(turn)
        keep = {k: v for k, v in request.headers.items()
                if k in ("content-type", "accept") or (k.startswith("x-") and k != "x-api-key")}
        url_path = request.url.path  # the full path: no prefix is stripped
        for i in range(len(urls)):
            base = urls[(first + i) % len(urls)]
            try:
                r = await client.request(request.method, f"{base}{url_path}", params=request.query_params,
                                         headers=keep, content=await request.body())
            except httpx.ConnectError:
                continue
            except httpx.TimeoutException:
                return JSONResponse({"error": f"{name} did not answer in time"}, status_code=504)
            except httpx.HTTPError as exc:
                return JSONResponse({"error": f"{name}: {exc}"}, status_code=503)
            if r.status_code >= 500:
                return JSONResponse({"error": f"{name} answered {r.status_code}"}, status_code=502)
            return Response(r.content, r.status_code, media_type=r.headers.get("content-type"))
        return JSONResponse({"error": f"{name} is unreachable"}, status_code=503)

    return handler


class Auth(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        if request.url.path != "/health" and request.headers.get("x-api-key") != os.environ.get("GATEWAY_API_KEY"):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        return await call_next(request)


class AccessLog(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        log.info("%s %s status=%d", request.method, request.url.path, response.status_code)
        return response


users = proxy_to("users-service", [os.environ["USERS_SERVICE_URL"]])
products = proxy_to("products-service", [os.environ["PRODUCTS_SERVICE_1_URL"], os.environ["PRODUCTS_SERVICE_2_URL"]])


async def health(request):
    return JSONResponse({"status": "ok"})


async def not_found(request, exc):
    return JSONResponse({"error": "no such route"}, status_code=404)


app = Starlette(
    routes=[
        Route("/health", health),
        Route("/users", users, methods=METHODS), Mount("/users", routes=[Route("/{rest:path}", users, methods=METHODS)]),
        Route("/products", products, methods=METHODS), Mount("/products", routes=[Route("/{rest:path}", products, methods=METHODS)]),
    ],
    middleware=[Middleware(AccessLog), Middleware(Auth)],
    exception_handlers={404: not_found},
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), access_log=False)
