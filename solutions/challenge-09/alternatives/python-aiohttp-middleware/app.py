# Alternative: aiohttp, where an unmatched route raises web.HTTPNotFound; a middleware catches it
# (from any handler or the router) and answers the JSON 404 instead of aiohttp's text page.
import os

from aiohttp import web


@web.middleware
async def json_not_found(request: web.Request, handler):
    try:
        return await handler(request)
    except web.HTTPNotFound:
        return web.json_response({"error": "Not Found"}, status=404)


async def index(request: web.Request) -> web.Response:
    return web.json_response({"message": "ok"})


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def make_app() -> web.Application:
    app = web.Application(middlewares=[json_not_found])
    app.router.add_get("/", index)
    app.router.add_get("/health", health)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
