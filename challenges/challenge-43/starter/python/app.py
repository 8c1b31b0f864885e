import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# from redis.asyncio import Redis

# TODO: read REDIS_URL, JOB_ATTEMPTS (default 3) and JOB_BACKOFF_MS (default 1000).
# TODO: the queue in Redis (a hash per job, a list of waiting ids, a sorted set of delayed ids)
#       and worker loops (two or more) started in the app's lifespan.
# TODO: the three job types: sum, sleep, flaky (see the README); retries with exponential backoff.

# TODO: POST /jobs      -> 202 {"id": "<string>", "status": "waiting"}; 400 {"error"} for an invalid job
# TODO: GET  /jobs/{id} -> 200 {"id", "type", "status", "attempts", "result", "error"}; 404 {"error"}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
