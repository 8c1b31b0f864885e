import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route


class EventEmitter:
    """TODO: on / once / off / emit / listener_count. emit calls the listeners of one event in
    subscription order and keeps going when one raises (count the errors)."""


# TODO: subscriptions by id: {id, event, once, fail, active, events: [{event, payload, seq}]},
#       seq from one counter shared by every listener.

# TODO: POST   /subscriptions        {event, once?, fail?} -> 201 the subscription; 400 bad body
# TODO: GET    /subscriptions/{id}   -> 200 with its events; 404
# TODO: DELETE /subscriptions/{id}   -> 204; 404 unknown or inactive
# TODO: POST   /events               {event, payload?} -> 200 {event, listeners, errors}; 400
# TODO: GET    /listeners?event=     -> 200 {event, count}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
