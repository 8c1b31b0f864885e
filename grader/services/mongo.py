"""MongoDB, played by SecantusDB (PyPI `secantusdb`, a MongoDB-wire server; GPL-2.0, so only ever
run as its own process, never imported). In memory; clients connect with directConnection=true,
since it advertises a one-node replica set named after its bind address. Where a registry is
reachable, the user can give a real MongoDB (`--service mongo=mongodb://...`): the grading then
uses a database of its own and drops it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .. import paths
from ..errors import ServiceUnavailable
from .base import Endpoint, Kind, poll

DATABASE = "app"


def uri(ep: Endpoint, *, grader_side: bool = True) -> str:
    if ep.url_override:
        parts = urlsplit(ep.url_override)
        return urlunsplit((parts.scheme, parts.netloc, "/" + ep.database, parts.query, ""))
    host = ep.host if grader_side else ep.server_host
    return f"mongodb://{host}:{ep.port}/{ep.database}?directConnection=true"


def binary() -> str | None:
    if os.environ.get("GRADER_SECANTUSD"):
        return os.environ["GRADER_SECANTUSD"]
    venv = paths.services_venv() / "bin" / "secantusd-py"
    return str(venv) if venv.exists() else shutil.which("secantusd-py")


class Mongo(Kind):
    kind = "mongo"
    server_name = "SecantusDB"
    pod_port = 27017
    memory_mb = 384
    database = DATABASE

    def docker_command(self, ep: Endpoint, app_in_container: str | None) -> list[str]:
        return ["mongo", "--port", str(ep.port), "--log-level", "WARNING"]

    def local_command(self, ep: Endpoint, workdir: Path) -> list[str]:
        found = binary()
        if found is None:
            raise ServiceUnavailable(
                "challenge needs MongoDB: no secantusd-py found (SecantusDB, the MongoDB-wire server)",
                hint="run scripts/setup.sh (makes its venv), or give a server: --service mongo=mongodb://HOST:PORT",
            )
        return [found, "--host", "127.0.0.1", "--port", str(ep.port), "--storage-path", ":memory:",
                "--standalone", "--log-level", "WARNING"]

    def wait(self, ep: Endpoint, deadline: float, alive) -> None:
        import pymongo

        def check() -> None:
            client = pymongo.MongoClient(uri(ep), serverSelectionTimeoutMS=1000, connectTimeoutMS=1000)
            try:
                client.admin.command("ping")
            finally:
                client.close()

        poll(check, deadline, alive, "MongoDB (SecantusDB)")

    def server_env(self, ep: Endpoint) -> dict[str, str]:
        value = uri(ep, grader_side=False)
        return {"MONGODB_URI": value, "MONGO_URL": value}

    def handle(self, ep: Endpoint):
        import pymongo

        return pymongo.MongoClient(uri(ep))[ep.database]

    def close_handle(self, handle) -> None:
        handle.client.close()  # a Database has no close(); getattr would return a collection

    def adopt(self, ep: Endpoint, run_id: str) -> None:
        ep.database = f"lg_{run_id}"

    def release(self, ep: Endpoint) -> None:
        import pymongo

        try:
            client = pymongo.MongoClient(ep.url_override, serverSelectionTimeoutMS=3000)
            client.drop_database(ep.database)
            client.close()
        except pymongo.errors.PyMongoError:
            pass


KIND = Mongo()
