import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import socketio

# TODO: sio = socketio.AsyncServer(async_mode="asgi")
# TODO: @sio.event async def connect(sid, environ, auth): refuse (raise
#       socketio.exceptions.ConnectionRefusedError) unless auth["username"] is 1-32 of
#       [A-Za-z0-9_-]. Presence: username -> set of sids; first sid of a user: emit "presence"
#       {username, online: True} to the others (skip_sid=sid); last sid gone (disconnect): emit
#       "presence" {username, online: False} to everyone.
# TODO: handlers whose return value is the acknowledgement:
#         join {room}               -> {ok, room, members}; others in the room get "user_joined"
#         leave {room}              -> {ok, room}; the room gets "user_left"
#         room_message {room, text} -> the other sids of the room get "room_message" {room, from, text}
#         private_message {to, text} -> every sid of `to` gets "private_message" {from, to, text}
#       refused requests: {"ok": False, "error": ...}. On disconnect, leave every room.

# TODO: GET /users -> 200 {"online": [sorted usernames]}
routes = []

web = Starlette(routes=routes)

# TODO: app = socketio.ASGIApp(sio, other_asgi_app=web)
app = web

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
