"""Alternative: one socketio.AsyncNamespace class per namespace, and a raw ASGI callable (no
Starlette) for the HTTP side; the admin namespace refuses by raising ConnectionRefusedError."""
import hmac
import json
import os

import socketio
import uvicorn

ADMIN_TOKEN = os.environ.get("ADMIN_TOKEN", "")


def is_room(value) -> bool:
    return isinstance(value, str) and value != ""


class Root(socketio.AsyncNamespace):
    async def on_ping(self, sid, payload=None):
        return {"pong": True, "echo": payload}


class Chat(socketio.AsyncNamespace):
    async def on_connect(self, sid, environ, auth=None):
        return True

    async def on_join(self, sid, data):
        if isinstance(data, dict) and is_room(data.get("room")):
            await self.enter_room(sid, data["room"])
            await self.emit("joined", {"room": data["room"]}, to=sid)

    async def on_leave(self, sid, data):
        if isinstance(data, dict) and is_room(data.get("room")):
            await self.leave_room(sid, data["room"])
            await self.emit("left", {"room": data["room"]}, to=sid)

    async def on_message(self, sid, data):
        if not isinstance(data, dict) or not is_room(data.get("room")) or not isinstance(data.get("text"), str):
            return
        if data["room"] not in self.rooms(sid):
            return
        await self.emit("message", {"room": data["room"], "text": data["text"], "from": sid}, room=data["room"])


class Admin(socketio.AsyncNamespace):
    async def on_connect(self, sid, environ, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        if not ADMIN_TOKEN or not isinstance(token, str) or not hmac.compare_digest(token.encode(), ADMIN_TOKEN.encode()):
            raise ConnectionRefusedError("invalid admin token")

    async def on_broadcast(self, sid, data):
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            await self.server.emit("announcement", {"text": data["text"]}, namespace="/chat")


sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*")
sio.register_namespace(Root("/"))
sio.register_namespace(Chat("/chat"))
sio.register_namespace(Admin("/admin"))


async def http_app(scope, receive, send):
    """Everything that is not /socket.io/: GET / is the health check, the rest is a JSON 404."""
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
    ok = scope["method"] in ("GET", "HEAD") and scope["path"] == "/"
    body = json.dumps({"status": "ok"} if ok else {"error": "not found"}).encode()
    await send({"type": "http.response.start", "status": 200 if ok else 404,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


app = socketio.ASGIApp(sio, other_asgi_app=http_app)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
