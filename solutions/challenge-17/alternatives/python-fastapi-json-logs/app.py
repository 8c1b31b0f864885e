# Alternative: FastAPI with exception handlers for HTTPException and Exception, and structured
# logging: every log record (uvicorn's too) is one JSON line, a traceback inside it as "exc_info".
import asyncio
import json
import logging
import os
import sys
import traceback
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

DEVELOPMENT = os.environ.get("NODE_ENV") == "development"


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry)


LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JSONFormatter}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": sys.stdout}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "uvicorn": {"handlers": [], "propagate": True},
        "uvicorn.error": {"handlers": [], "propagate": True},
        "uvicorn.access": {"handlers": [], "propagate": True},
    },
}

log = logging.getLogger("app")
app = FastAPI()


def error_body(exc: BaseException, status: int, message: str) -> JSONResponse:
    error = {"message": message, "status": status}
    if DEVELOPMENT:
        error["stack"] = "".join(traceback.format_exception(exc))
    return JSONResponse({"error": error}, status_code=status)


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return error_body(exc, exc.status_code, str(exc.detail))


@app.exception_handler(Exception)
async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_body(exc, 500, str(exc) if DEVELOPMENT else "Internal Server Error")


@app.get("/ok")
async def ok() -> dict:
    return {"ok": True}


@app.get("/error/bad-request")
async def bad_request() -> dict:
    raise HTTPException(status_code=400, detail="Invalid input")


@app.get("/error/forbidden")
async def forbidden() -> dict:
    raise HTTPException(status_code=403, detail="Access denied")


@app.get("/error/crash")
async def crash() -> dict:
    raise RuntimeError("Simulated crash")


async def load_remote() -> dict:
    await asyncio.sleep(0.005)
    raise TimeoutError("Simulated async failure")


@app.get("/error/async")
async def async_failure() -> dict:
    return await load_remote()


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), log_config=LOG_CONFIG)
