# aiohttp instead of Starlette, and no middleware: the log lines come from aiohttp's own access-log
# hook, a custom AbstractAccessLogger (run_app(access_log_class=...)) that appends to access.log.
import logging
import os
import time

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

LOG_PATH = "access.log"


class FileAccessLogger(AbstractAccessLogger):
    """Writes morgan's `combined` (production) or `dev` line for every finished request."""

    production = os.environ.get("NODE_ENV") == "production"
    stream = open(LOG_PATH, "a", encoding="utf-8")  # appended to, kept open for the server's life

    def log(self, request, response, elapsed):
        target = request.raw_path
        length = response.headers.get("Content-Length", "-")
        if self.production:
            when = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
            version = f"{request.version.major}.{request.version.minor}"
            referrer = request.headers.get("Referer", "-")
            agent = request.headers.get("User-Agent", "-")
            line = (f'{request.remote} - - [{when}] "{request.method} {target} HTTP/{version}" '
                    f'{response.status} {length} "{referrer}" "{agent}"')
        else:
            line = f"{request.method} {target} {response.status} {elapsed * 1000:.3f} ms - {length}"
        self.stream.write(line + "\n")
        self.stream.flush()


routes = web.RouteTableDef()


@routes.get("/")
async def index(request):
    return web.json_response({"message": "ok"})


@routes.get("/users/{id}")
async def user(request):
    return web.json_response({"id": request.match_info["id"]})


@routes.post("/echo")
async def echo(request):
    try:
        payload = await request.json()
    except ValueError:
        return web.json_response({"error": "the body must be JSON"}, status=400)
    return web.json_response(payload)


app = web.Application()
app.add_routes(routes)

if __name__ == "__main__":
    access = logging.getLogger("aiohttp.access")
    access.setLevel(logging.INFO)
    web.run_app(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")),
                access_log=access, access_log_class=FileAccessLogger)
