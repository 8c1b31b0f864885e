import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: POST /comment {"text": "..."}
#   1. text must be a string                      -> else 400 {"error": "..."}
#      (invalid JSON too: request.json() raises)
#   2. remove HTML (script/style with content)     e.g. nh3.clean(...)
#   3. trim
#   4. empty -> 400; longer than 500 characters    -> 400
#   -> 201 {"comment": "<sanitised text>"}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
