import hmac
import os

import socketio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ADMIN_TOKEN = os.environ.get("ADMIN_TOKEN", "")

sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*")


def field(data: object, key: str) -> str | None:
    """data[key] when data is an object and that value is a non-empty string."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


@sio.on("ping")
async def ping(sid: str, payload=None) -> dict:
    # The returned value is sent back as the argument of the client's acknowledgement callback.
    return {"pong": True, "echo": payload}


class Chat(socketio.AsyncNamespace):
    async def on_join(self, sid: str, data: object) -> None:
        if (room := field(data, "room")) is None:
            return
        await self.enter_room(sid, room)
        await self.emit("joined", {"room": room}, to=sid)

    async def on_leave(self, sid: str, data: object) -> None:
        if (room := field(data, "room")) is None:
            return
        await self.leave_room(sid, room)
        await self.emit("left", {"room": room}, to=sid)

    async def on_message(self, sid: str, data: object) -> None:
        room = field(data, "room")
        text = data.get("text") if isinstance(data, dict) else None
        if room is None or not isinstance(text, str):
            return
        # Everyone in the room, the sender included.
        await self.emit("message", {"room": room, "text": text, "from": sid}, room=room)


class Admin(socketio.AsyncNamespace):
    async def on_connect(self, sid: str, environ: dict, auth: object = None) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        if not (ADMIN_TOKEN and isinstance(token, str) and hmac.compare_digest(token.encode(), ADMIN_TOKEN.encode())):
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")

    async def on_broadcast(self, sid: str, data: object) -> None:
        text = data.get("text") if isinstance(data, dict) else None
        if isinstance(text, str):
            await sio.emit("announcement", {"text": text}, namespace="/chat")


sio.register_namespace(Chat("/chat"))
sio.register_namespace(Admin("/admin"))


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


web = Starlette(routes=[Route("/", health, methods=["GET"])])

# One ASGI app on one port: Socket.io under /socket.io, everything else goes to Starlette.
app = socketio.ASGIApp(sio, other_asgi_app=web)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
