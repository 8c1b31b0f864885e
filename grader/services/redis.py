"""Redis from Debian's redis-server: in memory only (no RDB snapshots, no AOF)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ServiceUnavailable
from .base import Endpoint, Kind, poll


def url(ep: Endpoint, *, grader_side: bool = True) -> str:
    if ep.url_override:
        return ep.url_override
    return f"redis://{ep.host if grader_side else ep.server_host}:{ep.port}/0"


class Redis(Kind):
    kind = "redis"
    server_name = "Redis"
    pod_port = 6379
    memory_mb = 128

    def docker_command(self, ep: Endpoint, app_in_container: str | None) -> list[str]:
        return ["redis", "--port", str(ep.port)]

    def local_command(self, ep: Endpoint, workdir: Path) -> list[str]:
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServiceUnavailable(
                "challenge needs Redis: no redis-server binary found",
                hint="install it (apt-get install redis-server), or give a server: --service redis=redis://HOST:PORT/DB (it is flushed)",
            )
        return [binary, "--port", str(ep.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", str(workdir)]

    def wait(self, ep: Endpoint, deadline: float, alive) -> None:
        import redis

        def check() -> None:
            client = redis.Redis.from_url(url(ep), socket_connect_timeout=1, socket_timeout=1)
            try:
                client.ping()
            finally:
                client.close()

        poll(check, deadline, alive, "Redis")

    def server_env(self, ep: Endpoint) -> dict[str, str]:
        return {"REDIS_URL": url(ep, grader_side=False)}

    def handle(self, ep: Endpoint):
        import redis

        return redis.Redis.from_url(url(ep), decode_responses=True)

    # a server the user gave: its database is emptied before and after the grading
    def adopt(self, ep: Endpoint, run_id: str) -> None:
        import redis

        if not urlsplit(ep.url_override or "").path.strip("/"):
            raise ServiceUnavailable("--service redis=URL must name a database index (redis://HOST:PORT/N): it is flushed",
                                     hint="e.g. --service redis=redis://localhost:6379/15")
        try:
            redis.Redis.from_url(ep.url_override, socket_connect_timeout=3).flushdb()
        except redis.RedisError as exc:
            raise ServiceUnavailable(f"the Redis server given with --service does not answer ({exc})",
                                     hint="check the URL, e.g. redis://localhost:6379/15") from None

    def release(self, ep: Endpoint) -> None:
        import redis

        try:
            redis.Redis.from_url(ep.url_override, socket_connect_timeout=3).flushdb()
        except redis.RedisError:
            pass


KIND = Redis()
