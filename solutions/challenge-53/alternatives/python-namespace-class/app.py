"""Alternative: a socketio.AsyncNamespace class, session data in the server's session store,
room membership read back from python-socketio's own manager (no room map of our own)."""
import os
import re
from collections import Counter

import socketio
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

VALID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
connections: Counter = Counter()  # username -> open sockets


def nope(why):
    return {"ok": False, "error": why}


def clean(data, *keys):
    if not isinstance(data, dict):
        return None
    values = [data.get(k) for k in keys]
    return values if all(isinstance(v, str) and v for v in values) else None


class Chat(socketio.AsyncNamespace):
    async def name_of(self, sid):
        return (await self.get_session(sid))["username"]

    def chat_rooms(self, sid):
        return [r for r in self.rooms(sid) if r != sid and not r.startswith("user/")]

    def participants(self, room):
        return list(self.server.manager.get_participants(self.namespace, room))

    async def on_connect(self, sid, environ, auth=None):
        name = (auth or {}).get("username") if isinstance(auth, dict) else None
        if not (isinstance(name, str) and VALID.match(name)):
            return False
        await self.save_session(sid, {"username": name})
        await self.enter_room(sid, "user/" + name)
        connections[name] += 1
        if connections[name] == 1:
            await self.emit("presence", {"username": name, "online": True}, skip_sid=sid)

    async def on_disconnect(self, sid, reason=None):
        name = await self.name_of(sid)
        for room in self.chat_rooms(sid):
            await self.emit("user_left", {"room": room, "username": name}, room=room, skip_sid=sid)
            await self.leave_room(sid, room)
        connections[name] -= 1
        if connections[name] == 0:
            del connections[name]
            await self.emit("presence", {"username": name, "online": False})

    async def on_join(self, sid, data=None):
        if not (v := clean(data, "room")) or v[0].startswith("user/"):
            return nope("bad room")
        room, name = v[0], await self.name_of(sid)
        if room not in self.rooms(sid):
            await self.enter_room(sid, room)
            await self.emit("user_joined", {"room": room, "username": name}, room=room, skip_sid=sid)
        members = set()
        for member_sid, _ in self.participants(room):
            members.add(await self.name_of(member_sid))
        return {"ok": True, "room": room, "members": sorted(members)}

    async def on_leave(self, sid, data=None):
        v = clean(data, "room")
        if not v or v[0] not in self.chat_rooms(sid):
            return nope("not in room")
        await self.leave_room(sid, v[0])
        await self.emit("user_left", {"room": v[0], "username": await self.name_of(sid)}, room=v[0])
        return {"ok": True, "room": v[0]}

    async def on_room_message(self, sid, data=None):
        v = clean(data, "room", "text")
        if not v or v[0] not in self.chat_rooms(sid):
            return nope("cannot send there")
        await self.emit("room_message", {"room": v[0], "from": await self.name_of(sid), "text": v[1]},
                        room=v[0], skip_sid=sid)
        return {"ok": True}

    async def on_private_message(self, sid, data=None):
        v = clean(data, "to", "text")
        if not v or v[0] not in connections:
            return nope("recipient offline")
        await self.emit("private_message", {"from": await self.name_of(sid), "to": v[0], "text": v[1]},
                        room="user/" + v[0])
        return {"ok": True}


sio = socketio.AsyncServer(async_mode="asgi")
sio.register_namespace(Chat("/"))


async def users(request):
    return JSONResponse({"online": sorted(connections)})


app = socketio.ASGIApp(sio, other_asgi_app=Starlette(routes=[Route("/users", users)]))

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
