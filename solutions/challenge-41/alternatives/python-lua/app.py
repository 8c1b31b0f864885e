"""A correct alternative to the reference: a Lua script (register_script) with Redis's clock,
and a decorator instead of a middleware."""
import functools
import os

import uvicorn
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

LIMIT = int(os.environ.get("RATE_LIMIT") or 10)
WINDOW_MS = int(os.environ.get("RATE_WINDOW_MS") or 60000)
r = Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379"))

SCRIPT = r.register_script("""
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - tonumber(ARGV[1]))
local n = redis.call('ZCARD', KEYS[1])
if n >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {-1, tonumber(first[2]) + tonumber(ARGV[1]) - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return {n + 1, 0}
""")


def throttled(endpoint):
    @functools.wraps(endpoint)
    async def wrapper(request):
        key = request.headers.get("X-API-Key")
        if not key:
            return JSONResponse({"error": "no api key"}, 401)
        used, wait_ms = await SCRIPT(keys=["rl:" + key], args=[WINDOW_MS, LIMIT, os.urandom(8).hex()])
        if used < 0:
            return JSONResponse({"error": "slow down"}, 429, headers={
                "Retry-After": str(max(1, -(-int(wait_ms) // 1000))),
                "X-RateLimit-Limit": str(LIMIT), "X-RateLimit-Remaining": "0"})
        response = await endpoint(request)
        response.headers["X-RateLimit-Limit"] = str(LIMIT)
        response.headers["X-RateLimit-Remaining"] = str(LIMIT - used)
        return response
    return wrapper


@throttled
async def data(request):
    return JSONResponse({"ok": True})


app = Starlette(routes=[Route("/api/data", data)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
