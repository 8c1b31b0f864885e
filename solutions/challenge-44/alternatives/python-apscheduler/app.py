"""Alternative to the croniter reference: APScheduler 3's AsyncIOScheduler; max_instances=1 skips
a tick while a run is busy, pause_job/resume_job stop and start."""

import asyncio
import os
from contextlib import asynccontextmanager
from datetime import datetime, timezone

import uvicorn
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

EXPRESSION = os.environ.get("CRON_SCHEDULE", "*/5 * * * * *")
WORK_SECONDS = int(os.environ.get("TASK_DURATION_MS") or 0) / 1000
runs = []
scheduler = AsyncIOScheduler(timezone=timezone.utc)


def trigger_for(expression):
    fields = expression.split()
    if len(fields) == 5:  # classic cron: no seconds field
        fields = ["0", *fields]
    second, minute, hour, day, month, day_of_week = fields
    return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                       day_of_week=day_of_week, timezone=timezone.utc)


def stamp():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


async def task():
    run = {"id": len(runs) + 1, "startedAt": stamp(), "finishedAt": None}
    runs.append(run)
    await asyncio.sleep(WORK_SECONDS)
    run["finishedAt"] = stamp()


def describe():
    job = scheduler.get_job("task")
    return JSONResponse({"running": job is not None and job.next_run_time is not None, "schedule": EXPRESSION})


async def scheduler_status(request):
    return describe()


async def scheduler_action(request):
    if request.path_params["action"] == "stop":
        scheduler.pause_job("task")
    else:
        scheduler.resume_job("task")
    return describe()


async def list_runs(request):
    return JSONResponse({"runs": runs})


@asynccontextmanager
async def lifespan(app):
    scheduler.add_job(task, trigger_for(EXPRESSION), id="task", max_instances=1, coalesce=True)
    scheduler.start()
    yield
    scheduler.shutdown(wait=False)


app = Starlette(
    routes=[
        Route("/runs", list_runs),
        Route("/scheduler", scheduler_status),
        Route("/scheduler/{action:str}", scheduler_action, methods=["POST"]),
    ],
    lifespan=lifespan,
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
