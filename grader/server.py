"""The running server as the hidden suite sees it (the `server` fixture).

Owns the environment policy (PORT, the challenge's [env]) and restarts: a suite may restart the
server with other environment variables or extra files (challenge 10), and the grader restores
the default afterwards so checks stay independent.
"""

from __future__ import annotations

import random
import re
import time

from .challenges import Challenge
from .readiness import NotReady, describe_exit, wait_until_ready
from .sandbox.base import ExitInfo, Sandbox


class Server:
    def __init__(
        self, sandbox: Sandbox, challenge: Challenge, *, services=None, replicas: list[Sandbox] | None = None,
        replica_index: int = 0,
    ) -> None:
        self.sandbox = sandbox
        self.challenge = challenge
        self.services = services  # grader.services.ServiceSet, or None when the challenge needs none
        # replicas ([server] replicas = N): the other N-1 instances, each a Server on its own
        # sandbox (in Docker: in the same pod, so on its own port), started and restarted with this one
        self.replica_index = replica_index
        self.others = [Server(sb, challenge, services=services, replica_index=i)
                       for i, sb in enumerate(replicas or [], 1)]
        self.default_port = challenge.server.port + replica_index
        self.port = self.default_port
        self.env: dict[str, str] = {}
        self.dirty = False  # restarted with a non-default configuration
        self.added_files: list[str] = []  # files a restart wrote; removed again by restore()
        self.gone_reason: str | None = None  # set once the server is known to be dead
        self.on_restart: list = []  # callbacks(base_url)
        self.data_files: dict = {}  # name -> DataFile, prepared by prepare_data()

    def prepare_data(self, seed: int) -> None:
        from .datafiles import generate

        for spec in self.challenge.data:
            self.data_files[spec.name] = generate(spec, self.sandbox.data_dir, seed)

    # --- facts ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.sandbox.host}:{self.port}"

    @property
    def replica_urls(self) -> list[str]:
        """Every replica's base URL; the first is this server's."""
        return [self.base_url] + [r.base_url for r in self.others]

    @property
    def isolated(self) -> bool:
        return self.sandbox.isolated

    def logs(self) -> str:
        return self.sandbox.output.text()

    def read_file(self, path: str) -> bytes:
        return self.sandbox.read_file(path)

    def pick_port(self) -> int:
        return self.sandbox.pick_port()

    def exit_info(self) -> ExitInfo | None:
        return self.sandbox.exit_info()

    def gone(self) -> str | None:
        """Why the server (or one of its replicas) is unusable, or None while all run."""
        if self.gone_reason:
            return self.gone_reason
        info = self.sandbox.exit_info()
        if info is not None:
            self.gone_reason = describe_exit(info, self.sandbox.memory_mb)
        for other in self.others:
            if reason := other.gone():
                self.gone_reason = f"replica {other.replica_index + 1}: {reason}"
                break
        return self.gone_reason

    def settle(self, timeout: float = 2.0) -> str | None:
        """gone(), after giving a dying server up to `timeout` to be seen as exited: its connections
        already fail while the sandbox still reports it running (an OOM kill on a loaded machine)."""
        deadline = time.monotonic() + timeout
        while (reason := self.gone()) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return reason

    def wait_for_log(self, pattern: str, timeout: float = 3.0) -> re.Match[str]:
        rx = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.logs())
            if m:
                return m
            if time.monotonic() >= deadline:
                tail = self.sandbox.output.tail(800) or "(no output)"
                raise AssertionError(f"no line matching /{pattern}/ in the server output within {timeout:g}s; output tail:\n{tail}")
            time.sleep(0.02)

    # --- lifecycle -----------------------------------------------------------------------
    def default_env(self) -> dict[str, str]:
        port = self.default_port if self.sandbox.isolated else self.sandbox.pick_port()
        env = {"PORT": str(port), **self.challenge.env}
        if self.services is not None:
            env.update(self.services.server_env())
        if self.challenge.server.replicas > 1:
            env["REPLICA_ID"] = str(self.replica_index + 1)
        if self.data_files:
            env["DATA_DIR"] = self.sandbox.data_dir_in_server
        return env

    def start(
        self,
        env: dict[str, str | None] | None = None,
        files: dict[str, str | bytes] | None = None,
        expect_port: int | None = None,
        remove: list[str] | None = None,
    ) -> float:
        """(Re)start with the default environment updated by `env`; waits until ready."""
        base = self.default_env()
        for key, value in (env or {}).items():
            if value is None:
                base.pop(key, None)
            else:
                base[key] = str(value)
        if expect_port is None:
            expect_port = int(base["PORT"]) if "PORT" in base else self.default_port
        self.env = base
        self.port = expect_port
        self.gone_reason = None
        if self.on_restart:  # not the first start: the suite is running
            from .http import trace_restart  # httpx: not imported before the first start (see run.py)

            trace_restart()
        self.sandbox.start(base, files, remove)
        waited = wait_until_ready(
            self.sandbox, expect_port, self.challenge.server.startup_timeout, memory_mb=self.sandbox.memory_mb
        )
        for other in self.others:  # the same configuration, each on its own port
            try:
                other.start({k: v for k, v in (env or {}).items() if k != "PORT"}, files, remove=remove)
            except NotReady as exc:
                raise NotReady(f"replica {other.replica_index + 1}: {exc}") from None
        for callback in self.on_restart:
            callback(self.base_url)
        return waited

    def restart(
        self,
        env: dict[str, str | None] | None = None,
        files: dict[str, str | bytes] | None = None,
        expect_port: int | None = None,
    ) -> None:
        # a plain restart() is a fresh server in the default configuration: nothing to restore
        if env or files or expect_port is not None:
            self.dirty = True
        self.added_files += list(files or {})
        shown = ", ".join(f"{k}={'<unset>' if v is None else v}" for k, v in (env or {}).items())
        self.sandbox.output.mark(f"grader: restart ({shown or 'default environment'}"
                                 f"{'; files: ' + ', '.join(files) if files else ''})")
        try:
            self.start(env, files, expect_port)
        except NotReady as exc:
            raise AssertionError(f"after a restart with {shown or 'the default environment'}: {exc}") from None

    def restore(self) -> None:
        """Back to the default configuration after a check that restarted the server."""
        self.dirty = False
        added, self.added_files = self.added_files, []
        self.sandbox.output.mark("grader: restart (default environment)")
        try:
            self.start(remove=added)
        except NotReady as exc:
            self.gone_reason = f"could not restart with the default environment: {exc}"


def seeded_rng(seed: int, check_id: str) -> random.Random:
    return random.Random(f"{seed}:{check_id}")
