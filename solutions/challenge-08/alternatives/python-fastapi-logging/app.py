# Alternative: FastAPI's @app.middleware("http") decorator writing through the logging module
# (configured, so lines come out as "INFO:requests:[GET] / - ..."), timestamps as +00:00 offsets.
import logging
import os
from datetime import datetime, timezone
from typing import Any

import uvicorn
from fastapi import Body, FastAPI, Request

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("requests")

app = FastAPI()


@app.middleware("http")
async def log_requests(request: Request, call_next):
    stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    try:
        return await call_next(request)
    finally:  # logged once, also when the endpoint raises
        log.info("[%s] %s - %s", request.method, request.url.path, stamp)


@app.get("/")
async def root() -> dict[str, str]:
    return {"message": "ok"}


@app.post("/echo")
async def echo(payload: dict[str, Any] = Body()) -> dict[str, Any]:
    return payload


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
