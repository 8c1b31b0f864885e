# Alternative: a bare ASGI callable under uvicorn, no framework: the query string is decoded with
# urllib.parse.parse_qsl (keeping blank values) and the first occurrence of each key wins.
import json
import os
import re
from urllib.parse import parse_qsl

import uvicorn

LIMIT = re.compile(r"[0-9]+")


def first_values(query_string: bytes) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True, encoding="utf-8"):
        values.setdefault(key, value)
    return values


async def respond(send, status: int, payload: dict) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    if scope["method"] != "GET" or scope["path"] != "/search":
        await respond(send, 404, {"error": "not found"})
        return
    params = first_values(scope["query_string"])
    raw_limit = params.get("limit")
    if raw_limit is None:
        limit = 10
    elif LIMIT.fullmatch(raw_limit) and 1 <= int(raw_limit) <= 100:
        limit = int(raw_limit)
    else:
        await respond(send, 400, {"error": f"invalid limit {raw_limit!r}: expected an integer from 1 to 100"})
        return
    await respond(send, 200, {"q": params.get("q", ""), "limit": limit})


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
