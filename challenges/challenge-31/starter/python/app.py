import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import socketio

ADMIN_TOKEN = os.environ.get("ADMIN_TOKEN", "")

# TODO: sio = socketio.AsyncServer(async_mode="asgi")
# TODO: namespace "/": on "ping" (sid, payload) -> return {"pong": True, "echo": payload}
#       (the return value becomes the acknowledgement)
# TODO: namespace "/chat":
#         "join" {room}          -> enter the room, then emit "joined" {room} to this sid
#         "leave" {room}         -> leave the room, then emit "left" {room} to this sid
#         "message" {room, text} -> emit "message" {room, text, "from": sid} to the whole room,
#                                   the sender included
# TODO: namespace "/admin": the connect handler (sid, environ, auth) refuses a missing or wrong
#       auth["token"] (raise ConnectionRefusedError); on "broadcast" {text} emit
#       "announcement" {text} to every socket of "/chat".
# TODO: GET / -> 200 {"status": "ok"}

routes = []

app = Starlette(routes=routes)
# TODO: serve Socket.io and Starlette on the same port:
#       app = socketio.ASGIApp(sio, other_asgi_app=app)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
