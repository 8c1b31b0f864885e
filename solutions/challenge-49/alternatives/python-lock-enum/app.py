"""Alternative: an Enum state, an asyncio.Lock to admit the single trial, the half-open switch
computed from a deadline, the fallback cache in a dataclass, routes by decorator-free Mount."""

import asyncio
import enum
import logging
import os
import time
from dataclasses import dataclass, field

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("breaker")


class State(str, enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class Rejected(Exception):
    pass


@dataclass
class Breaker:
    threshold: int
    open_for: float
    failures: int = 0
    reopen_at: float | None = None
    trial: asyncio.Lock = field(default_factory=asyncio.Lock)

    def state(self) -> State:
        if self.reopen_at is None:
            return State.CLOSED
        return State.HALF_OPEN if time.monotonic() >= self.reopen_at else State.OPEN

    async def call(self, fn):
        state = self.state()
        if state is State.OPEN:
            raise Rejected()
        if state is State.HALF_OPEN:
            if self.trial.locked():
                raise Rejected()
            async with self.trial:
                return await self._run(fn, trial=True)
        return await self._run(fn, trial=False)

    async def _run(self, fn, trial):
        try:
            result = await fn()
        except Exception:
            self.failures += 1
            if trial or self.failures >= self.threshold:
                self.reopen_at = time.monotonic() + self.open_for
                log.info("breaker open after %d failures", self.failures)
            raise
        self.failures, self.reopen_at = 0, None
        return result


def env_int(name, default):
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else default


breaker = Breaker(env_int("BREAKER_FAILURE_THRESHOLD", 5), env_int("BREAKER_OPEN_MS", 10000) / 1000)
client = httpx.AsyncClient(base_url=os.environ.get("PRICING_SERVICE_URL", ""),
                           timeout=httpx.Timeout(env_int("UPSTREAM_TIMEOUT_MS", 2000) / 1000))
known: dict[str, dict] = {}


async def prices(request):
    sku = request.path_params["sku"]

    async def fetch():
        r = await client.get(f"/prices/{sku}")
        r.raise_for_status() if r.status_code >= 500 else None
        return r

    try:
        r = await breaker.call(fetch)
    except (Rejected, httpx.HTTPError):
        if sku in known:
            return JSONResponse(dict(known[sku], fallback=True))
        return JSONResponse({"fallback": True, "error": "price unavailable"}, status_code=503)
    if r.status_code != 200:
        return JSONResponse({"error": r.json().get("error", "error")}, status_code=r.status_code)
    known[sku] = r.json()
    return JSONResponse(dict(known[sku], fallback=False))


async def state(request):
    return JSONResponse({"state": breaker.state().value, "failures": breaker.failures})


app = Starlette(routes=[Route("/prices/{sku}", prices), Route("/breaker", state)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), log_level="warning")
