import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# from croniter import croniter   # croniter(expr, start, second_at_beginning=True) for 6 fields

# TODO: read CRON_SCHEDULE (default "*/5 * * * * *") and TASK_DURATION_MS (default 0).

# TODO: the task: record {"id", "startedAt", "finishedAt": None}, await asyncio.sleep for
#       TASK_DURATION_MS, then set finishedAt. Runs must never overlap: a tick during a run is skipped.
# TODO: start the schedule when the app starts (a lifespan), e.g. an asyncio task that sleeps
#       until the next time croniter gives.

# TODO: GET  /runs            -> 200 {"runs": [...]}, oldest first
# TODO: GET  /scheduler       -> 200 {"running": true|false, "schedule": "<CRON_SCHEDULE>"}
# TODO: POST /scheduler/stop  -> 200 same body, after stopping (no run starts afterwards)
# TODO: POST /scheduler/start -> 200 same body, after (re)starting; never a second schedule

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
