"""PostgreSQL 15: a throw-away cluster per grading.

Docker: the services image holds a cluster made by initdb at build time (with the database `app`),
copied into the container's tmpfs at start; durability is off (fsync, synchronous_commit,
full_page_writes). Local: the same from a template cluster made once per machine in the cache
directory, or a server the user gives (`--service postgres=postgresql://...`): then the grader
creates a database of its own for the grading and drops it afterwards.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .. import paths
from ..errors import ServiceUnavailable
from .base import Endpoint, Kind, poll

USER = "grader"
PASSWORD = "grader"  # the cluster trusts its network; the password is there for clients that insist
DATABASE = "app"
PG_SETTINGS = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]


def binaries() -> Path | None:
    """The newest Debian PostgreSQL bin dir (or PG_BINDIR), if one is installed."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("postgres")
    return Path(which).parent if which else None


def conninfo(ep: Endpoint, *, grader_side: bool = True) -> str:
    if ep.url_override:
        return with_database(ep.url_override, ep.database)
    host = ep.host if grader_side else ep.server_host
    return f"postgresql://{USER}:{PASSWORD}@{host}:{ep.port}/{ep.database}"


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, ""))


def _run_as() -> str | None:
    """PostgreSQL refuses to run as root: the local cluster then belongs to the `postgres` user."""
    return "postgres" if os.geteuid() == 0 else None


class Postgres(Kind):
    kind = "postgres"
    server_name = "PostgreSQL"
    pod_port = 5432
    memory_mb = 384
    database = DATABASE
    tmpfs = {"/run/pg": "rw,size=256m,uid=10003,gid=10003,mode=0700"}

    def docker_command(self, ep: Endpoint, app_in_container: str | None) -> list[str]:
        return ["postgres", "-p", str(ep.port)]

    # --- local -----------------------------------------------------------------------------
    def _template(self, bindir: Path) -> Path:
        """A cluster with the `app` database, made once per machine and PostgreSQL version."""
        version = bindir.parent.name
        user = _run_as()
        # as root the cluster belongs to `postgres`, who cannot enter root's home: a shared temp dir
        cache = Path(tempfile.gettempdir()) / "live-grader-pg" if user else paths.cache_dir()
        cache.mkdir(mode=0o755, exist_ok=True)
        template = cache / f"pg-template-{version}-w1"
        if (template / "PG_VERSION").is_file() and (template / ".complete").is_file():
            return template
        shutil.rmtree(template, ignore_errors=True)
        staging = template.with_name(template.name + f".{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if user:
            shutil.chown(staging, user)
        steps = [
            # 1 MB WAL segments instead of 16: the cluster a grading copies shrinks from 46 to ~31 MB
            ([str(bindir / "initdb"), "-D", str(staging), "-U", USER, "--auth=trust", "--encoding=UTF8",
              "--locale=C.UTF-8", "--wal-segsize=1"], None),
            ([str(bindir / "postgres"), "--single", "-D", str(staging), "postgres"], f"CREATE DATABASE {DATABASE}\n".encode()),
        ]
        for cmd, stdin in steps:
            done = subprocess.run(cmd, input=stdin, capture_output=True, user=user, cwd="/")
            if done.returncode != 0:
                shutil.rmtree(staging, ignore_errors=True)
                why = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
                raise ServiceUnavailable(
                    f"could not make a local PostgreSQL cluster ({Path(cmd[0]).name}: {why[-1] if why else done.returncode})",
                    hint="grade in Docker (--sandbox docker), or give a server: --service postgres=postgresql://USER:PASS@HOST:PORT/DB",
                )
        (staging / ".complete").write_text("")
        try:
            staging.rename(template)
        except OSError:  # another grader made it meanwhile
            shutil.rmtree(staging, ignore_errors=True)
        return template

    def local_prepare(self, ep: Endpoint, workdir: Path) -> None:
        bindir = binaries()
        if bindir is None or not (bindir / "initdb").exists():
            raise ServiceUnavailable(
                "challenge needs PostgreSQL: no postgres/initdb binaries found",
                hint="install them (apt-get install postgresql), or give a server: --service postgres=postgresql://USER:PASS@HOST:PORT/DB",
            )
        data = workdir / "pg"
        shutil.copytree(self._template(bindir), data, symlinks=True)
        user = _run_as()
        if user:
            for p in [workdir, data, *data.rglob("*")]:  # the workdir holds its socket and lock
                shutil.chown(p, user, user)
        data.chmod(0o700)
        ep.extra["bindir"] = bindir
        ep.extra["user"] = user

    def local_command(self, ep: Endpoint, workdir: Path) -> list[str]:
        return [str(ep.extra["bindir"] / "postgres"), "-D", str(workdir / "pg"), "-p", str(ep.port),
                "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={workdir}", *PG_SETTINGS]

    # --- all -------------------------------------------------------------------------------
    def wait(self, ep: Endpoint, deadline: float, alive) -> None:
        import psycopg

        def check() -> None:
            with psycopg.connect(conninfo(ep), connect_timeout=2) as conn:
                conn.execute("SELECT 1")

        poll(check, deadline, alive, "PostgreSQL")

    def server_env(self, ep: Endpoint) -> dict[str, str]:
        url = conninfo(ep, grader_side=False)
        parts = urlsplit(url)
        return {
            "DATABASE_URL": url.replace("postgresql://", "postgres://", 1),
            "PGHOST": parts.hostname or "", "PGPORT": str(parts.port or 5432), "PGUSER": parts.username or "",
            "PGPASSWORD": parts.password or "", "PGDATABASE": ep.database,
        }

    def handle(self, ep: Endpoint):
        import psycopg

        return psycopg.connect(conninfo(ep), autocommit=True)

    # --- a server the user gave: one database per grading -----------------------------------
    def adopt(self, ep: Endpoint, run_id: str) -> None:
        import psycopg

        ep.database = f"lg_{run_id}"
        try:
            with psycopg.connect(ep.url_override, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'CREATE DATABASE "{ep.database}"')
        except psycopg.Error as exc:
            raise ServiceUnavailable(
                f"the PostgreSQL server given with --service could not create a database ({str(exc).strip().splitlines()[0]})",
                hint="give a URL whose user may CREATE DATABASE, e.g. postgresql://postgres:PASS@localhost:5432/postgres",
            ) from None

    def release(self, ep: Endpoint) -> None:
        import psycopg

        try:
            with psycopg.connect(ep.url_override, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{ep.database}" WITH (FORCE)')
        except psycopg.Error:
            pass


KIND = Postgres()
