import asyncio
import contextlib
import json
import os
import time

import uvicorn
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def positive_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


JOB_ATTEMPTS = positive_int("JOB_ATTEMPTS", 3)
JOB_BACKOFF_MS = positive_int("JOB_BACKOFF_MS", 1000)
WORKERS = 4  # jobs processed at the same time

# The queue in Redis: a hash per job, a list of waiting ids, a sorted set of delayed ids (score:
# when they are due, ms). A worker pops an id off the list, so no two workers take the same job.
NEXT_ID, WAITING, DELAYED = "queue:next-id", "queue:waiting", "queue:delayed"

redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)


def job_key(job_id: str) -> str:
    return f"queue:job:{job_id}"


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf")


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def invalid_sum(d):
    ok = isinstance(d.get("numbers"), list) and all(map(is_number, d["numbers"]))
    return None if ok else "numbers must be an array of numbers"


def invalid_sleep(d):
    return None if is_int(d.get("ms")) and 0 <= d["ms"] <= 10000 else "ms must be an integer from 0 to 10000"


def invalid_flaky(d):
    if not isinstance(d.get("key"), str) or not d["key"]:
        return "key must be a non-empty string"
    return None if is_int(d.get("failures")) and d["failures"] >= 0 else "failures must be an integer >= 0"


async def run_sum(d):
    return {"sum": sum(d["numbers"])}


async def run_sleep(d):
    await asyncio.sleep(d["ms"] / 1000)
    return {"slept": d["ms"]}


async def run_flaky(d):
    n = await redis.rpush(d["key"], str(int(time.time() * 1000)))
    if n <= d["failures"]:
        raise RuntimeError(f"attempt {n} failed")
    return {"attempts": n}


TYPES = {"sum": (invalid_sum, run_sum), "sleep": (invalid_sleep, run_sleep), "flaky": (invalid_flaky, run_flaky)}


async def process(job_id: str) -> None:
    key = job_key(job_id)
    job = await redis.hgetall(key)
    if not job:
        return
    await redis.hset(key, "status", "active")
    try:
        result = await TYPES[job["type"]][1](json.loads(job["data"]))
    except Exception as exc:  # the job failed, not the worker
        attempts = await redis.hincrby(key, "attempts", 1)
        error = str(exc) or type(exc).__name__
        if attempts < JOB_ATTEMPTS:
            due = time.time() * 1000 + JOB_BACKOFF_MS * 2 ** (attempts - 1)
            async with redis.pipeline(transaction=True) as tx:
                tx.hset(key, mapping={"status": "delayed", "error": error})
                tx.zadd(DELAYED, {job_id: due})
                await tx.execute()
        else:
            await redis.hset(key, mapping={"status": "failed", "error": error})
        return
    async with redis.pipeline(transaction=True) as tx:
        tx.hincrby(key, "attempts", 1)
        tx.hset(key, mapping={"status": "completed", "result": json.dumps(result)})
        await tx.execute()


async def worker() -> None:
    while True:
        try:
            popped = await redis.brpop([WAITING], timeout=1)
            if popped:
                await process(popped[1])
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # Redis hiccup: keep the worker alive
            print(f"worker: {exc!r}")
            await asyncio.sleep(0.5)


async def promoter() -> None:
    """Moves delayed jobs whose backoff is over back to the waiting list."""
    while True:
        try:
            for job_id in await redis.zrangebyscore(DELAYED, "-inf", time.time() * 1000):
                if await redis.zrem(DELAYED, job_id):  # only the one who removed it requeues it
                    async with redis.pipeline(transaction=True) as tx:
                        tx.hset(job_key(job_id), "status", "waiting")
                        tx.lpush(WAITING, job_id)
                        await tx.execute()
        except Exception as exc:
            print(f"promoter: {exc!r}")
        await asyncio.sleep(0.05)


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def create_job(request: Request):
    try:
        body = await request.json()
    except ValueError:
        return error(400, "the body must be JSON")
    if not isinstance(body, dict):
        return error(400, "the body must be a JSON object")
    if not isinstance(body.get("type"), str) or body["type"] not in TYPES:
        return error(400, "unknown job type")
    data = body.get("data")
    if not isinstance(data, dict):
        return error(400, "data must be an object")
    problem = TYPES[body["type"]][0](data)
    if problem:
        return error(400, problem)
    job_id = str(await redis.incr(NEXT_ID))
    async with redis.pipeline(transaction=True) as tx:
        tx.hset(job_key(job_id), mapping={
            "id": job_id, "type": body["type"], "data": json.dumps(data), "status": "waiting", "attempts": 0,
        })
        tx.lpush(WAITING, job_id)
        await tx.execute()
    return JSONResponse({"id": job_id, "status": "waiting"}, status_code=202)


async def get_job(request: Request):
    job = await redis.hgetall(job_key(request.path_params["id"]))
    if not job:
        return error(404, "no such job")
    return JSONResponse({
        "id": job["id"],
        "type": job["type"],
        "status": job["status"],
        "attempts": int(job["attempts"]),
        "result": json.loads(job["result"]) if job["status"] == "completed" else None,
        "error": job.get("error"),
    })


@contextlib.asynccontextmanager
async def lifespan(app):
    tasks = [asyncio.create_task(worker()) for _ in range(WORKERS)] + [asyncio.create_task(promoter())]
    yield
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


routes = [
    Route("/jobs", create_job, methods=["POST"]),
    Route("/jobs/{id}", get_job),
]

app = Starlette(routes=routes, lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
