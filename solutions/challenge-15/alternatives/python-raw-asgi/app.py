"""Alternative: a raw ASGI application (no framework) under uvicorn, the query string decoded with
urllib.parse and names compared with str.casefold()."""

import json
import os
from urllib.parse import parse_qs

import uvicorn

PRODUCTS = [
    {"id": 1, "name": "Wireless Mouse", "price": 24.99},
    {"id": 2, "name": "Mouse Pad", "price": 9.5},
    {"id": 3, "name": "USB-C Cable", "price": 12},
    {"id": 4, "name": "Mechanical Keyboard", "price": 89.99},
    {"id": 5, "name": "Wireless Keyboard", "price": 49.99},
    {"id": 6, "name": "USB-C Charger", "price": 34.5},
    {"id": 7, "name": "Laptop Sleeve", "price": 42},
    {"id": 8, "name": "Noise-Cancelling Headphones", "price": 199},
    {"id": 9, "name": "HDMI Cable", "price": 8.99},
    {"id": 10, "name": "Keyboard + Mouse Combo", "price": 59.9},
    {"id": 11, "name": "Gaming Mouse", "price": 39.99},
    {"id": 12, "name": "Webcam Cover", "price": 4.5},
]


async def send_json(send, status: int, payload) -> None:
    body = json.dumps(payload).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


def search(query_string: bytes):
    values = parse_qs(query_string.decode("utf-8", "replace"), keep_blank_values=True, encoding="utf-8").get("q")
    term = values[0].strip() if values else ""
    if not term:
        return 400, {"error": "the q parameter is required and must not be blank"}
    needle = term.casefold()
    results = [p for p in PRODUCTS if needle in p["name"].casefold()]
    return 200, {"results": results, "count": len(results)}


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
    if scope["path"] == "/search" and scope["method"] == "GET":
        status, payload = search(scope["query_string"])
    else:
        status, payload = 404, {"error": "not found"}
    await send_json(send, status, payload)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
