import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# from redis.asyncio import Redis

# TODO: read RATE_LIMIT (default 10) and RATE_WINDOW_MS (default 60000).
# TODO: connect to Redis at REDIS_URL (two replicas of this server share it):
#       Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))

# TODO: a limiter (a middleware or a decorator) for /api/...:
#       no X-API-Key            -> 401 {"error": "..."}
#       a sliding window per key, kept in Redis (atomic check-and-count)
#       every response: X-RateLimit-Limit, X-RateLimit-Remaining
#       over the limit          -> 429 {"error": "..."} with Retry-After

# TODO: GET /api/data -> 200 {"ok": true}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
