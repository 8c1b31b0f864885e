import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: write an endpoint for GET /status/{code} and add it to the routes below,
# e.g. Route("/status/{code}", status_code).
#   - code is one of 200, 201, 400, 401, 403, 404, 500, 503
#       -> answer with exactly that status and {"code": <number>, "message": <reason phrase>}
#   - anything else (other numbers, non-numeric text)
#       -> 400 with {"error": "<a short explanation>"}
# Remember: JSONResponse answers 200 unless you pass status_code=.

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
