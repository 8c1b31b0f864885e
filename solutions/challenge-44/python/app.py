import asyncio
import contextlib
import os
import time
from datetime import datetime, timezone

import uvicorn
from croniter import croniter
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

SCHEDULE = os.environ.get("CRON_SCHEDULE") or "*/5 * * * * *"
try:
    TASK_DURATION = max(0, int(os.environ.get("TASK_DURATION_MS", "0"))) / 1000
except ValueError:
    TASK_DURATION = 0.0


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Scheduler:
    """One loop task that sleeps until the next cron time; a tick during a run is skipped."""

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.runs: list[dict] = []
        self.loop_task: asyncio.Task | None = None
        self.busy = False  # a run is in progress

    @property
    def running(self) -> bool:
        return self.loop_task is not None

    def start(self) -> None:
        if self.loop_task is None:  # starting a running schedule must not add a second loop
            self.loop_task = asyncio.create_task(self.loop())

    async def stop(self) -> None:
        task, self.loop_task = self.loop_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def loop(self) -> None:
        last = time.time()
        while True:
            # from the later of now and the last tick: waking a hair early never fires a tick twice
            due = croniter(self.expression, max(time.time(), last), second_at_beginning=True).get_next(float)
            await asyncio.sleep(max(0.0, due - time.time()))
            last = due
            if not self.busy:
                self.busy = True
                asyncio.create_task(self.run())  # the run goes on even if the loop is stopped

    async def run(self) -> None:
        record = {"id": len(self.runs) + 1, "startedAt": now_iso(), "finishedAt": None}
        self.runs.append(record)
        try:
            await asyncio.sleep(TASK_DURATION)
        finally:
            record["finishedAt"] = now_iso()
            self.busy = False


scheduler = Scheduler(SCHEDULE)


def status() -> JSONResponse:
    return JSONResponse({"running": scheduler.running, "schedule": SCHEDULE})


async def list_runs(request):
    return JSONResponse({"runs": scheduler.runs})


async def get_scheduler(request):
    return status()


async def stop_scheduler(request):
    await scheduler.stop()
    return status()


async def start_scheduler(request):
    scheduler.start()
    return status()


@contextlib.asynccontextmanager
async def lifespan(app):
    scheduler.start()
    yield
    await scheduler.stop()


routes = [
    Route("/runs", list_runs),
    Route("/scheduler", get_scheduler),
    Route("/scheduler/stop", stop_scheduler, methods=["POST"]),
    Route("/scheduler/start", start_scheduler, methods=["POST"]),
]

app = Starlette(routes=routes, lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
