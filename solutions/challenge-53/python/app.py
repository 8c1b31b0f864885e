import os
import re

import socketio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

USERNAME = re.compile(r"[A-Za-z0-9_-]{1,32}")

sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*")

online: dict[str, set[str]] = {}  # username -> sids: online while not empty
usernames: dict[str, str] = {}  # sid -> username
rooms: dict[str, set[str]] = {}  # room -> sids in it


def fail(error: str) -> dict:
    return {"ok": False, "error": error}


def text_field(data: object, key: str) -> str | None:
    """data[key] when data is an object and that value is a non-empty string."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def members_of(room: str) -> list[str]:
    return sorted({usernames[sid] for sid in rooms.get(room, ()) if sid in usernames})


async def leave_room(sid: str, room: str) -> bool:
    """Takes the socket out of the room and tells the sockets still in it."""
    members = rooms.get(room)
    if not members or sid not in members:
        return False
    members.discard(sid)
    if not members:
        del rooms[room]
    await sio.leave_room(sid, room)
    await sio.emit("user_left", {"room": room, "username": usernames[sid]}, room=room, skip_sid=sid)
    return True


@sio.event
async def connect(sid: str, environ: dict, auth: object = None):
    username = auth.get("username") if isinstance(auth, dict) else None
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        raise socketio.exceptions.ConnectionRefusedError("invalid username")
    usernames[sid] = username
    if username not in online:
        online[username] = set()
        await sio.emit("presence", {"username": username, "online": True}, skip_sid=sid)
    online[username].add(sid)


@sio.event
async def disconnect(sid: str, *reason):
    username = usernames.get(sid)
    if username is None:
        return
    for room in [r for r, members in rooms.items() if sid in members]:
        await leave_room(sid, room)
    del usernames[sid]
    online[username].discard(sid)
    if not online[username]:
        del online[username]
        await sio.emit("presence", {"username": username, "online": False})


@sio.event
async def join(sid: str, data: object = None):
    if (room := text_field(data, "room")) is None:
        return fail("room is required")
    members = rooms.setdefault(room, set())
    if sid not in members:
        members.add(sid)
        await sio.enter_room(sid, room)
        await sio.emit("user_joined", {"room": room, "username": usernames[sid]}, room=room, skip_sid=sid)
    return {"ok": True, "room": room, "members": members_of(room)}


@sio.event
async def leave(sid: str, data: object = None):
    if (room := text_field(data, "room")) is None:
        return fail("room is required")
    if not await leave_room(sid, room):
        return fail("not in this room")
    return {"ok": True, "room": room}


@sio.event
async def room_message(sid: str, data: object = None):
    room, text = text_field(data, "room"), text_field(data, "text")
    if room is None or text is None:
        return fail("room and text are required")
    if sid not in rooms.get(room, ()):
        return fail("not in this room")
    await sio.emit("room_message", {"room": room, "from": usernames[sid], "text": text}, room=room, skip_sid=sid)
    return {"ok": True}


@sio.event
async def private_message(sid: str, data: object = None):
    to, text = text_field(data, "to"), text_field(data, "text")
    if to is None or text is None:
        return fail("to and text are required")
    if to not in online:
        return fail(f"{to} is not online")
    message = {"from": usernames[sid], "to": to, "text": text}
    for target in list(online[to]):  # every socket of the recipient
        await sio.emit("private_message", message, to=target)
    return {"ok": True}


async def users(request: Request) -> JSONResponse:
    return JSONResponse({"online": sorted(online)})


web = Starlette(routes=[Route("/users", users, methods=["GET"])])

# One ASGI app on one port: Socket.io under /socket.io, everything else goes to Starlette.
app = socketio.ASGIApp(sio, other_asgi_app=web)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
