"""The pytest plugin that hidden suites run under: fixtures, markers, and result collection.

Suites see the fixtures `server`, `client`, `rng`, `seed` and `config`, and for a challenge with
services `pg`, `redis_client`, `mongo_db`, `upstreams`, `mailbox` and `replicas` (docs/authoring.md). The
plugin turns every check into a `CheckResult`: weight from `@pytest.mark.points(N)`, visibility
from `@pytest.mark.public`, name from the docstring's first line, and, for a failure, the reason
and the last HTTP exchange. Once the server is known to be gone, the remaining checks are
reported as not run with that reason instead of timing out one by one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from .challenges import Challenge
from .http import Recorder, ResponseTooLarge, make_client
from .results import CheckResult
from .server import Server, seeded_rng
from .testing import TOO_DEEP

MESSAGE_LINES = 12


def check_name(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "obj", None), "__doc__", None)
    if doc and doc.strip():
        return doc.strip().splitlines()[0].strip()
    return item.name.removeprefix("test_").replace("_", " ")


def check_points(item: pytest.Item) -> float:
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker and marker.args else 1.0


def check_visibility(item: pytest.Item) -> str:
    return "public" if item.get_closest_marker("public") else "hidden"


def check_category(item: pytest.Item) -> str:
    cls = getattr(item, "cls", None)
    if cls is not None:
        return cls.__name__.removeprefix("Test")
    return item.path.stem.removeprefix("test_") if hasattr(item, "path") else ""


class GraderPlugin:
    def __init__(
        self,
        challenge: Challenge,
        server: Server | None,
        *,
        seed: int,
        public_only: bool = False,
        unavailable: str | None = None,
        on_check: Callable[[CheckResult], None] | None = None,
        on_start: Callable[[int], None] | None = None,
        check_timeout: float | None = None,
    ) -> None:
        self._challenge = challenge
        self.check_timeout = check_timeout
        self._server = server
        self._seed = seed
        self.public_only = public_only
        self.unavailable = unavailable
        self.on_check = on_check
        self.on_start = on_start
        self.results: list[CheckResult] = []
        self.interrupted = False
        self.recorder = Recorder()
        self._client: httpx.Client | None = None
        self._replica_clients: list[httpx.Client] = []
        self._state: dict[str, dict[str, Any]] = {}
        self._deadline = time.monotonic() + challenge.server.suite_timeout

    # --- configuration -------------------------------------------------------------------
    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", "points(n): the check's weight (default 1)")
        config.addinivalue_line("markers", "public: a check the candidate may see")

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        if self.public_only:
            hidden = [i for i in items if check_visibility(i) != "public"]
            items[:] = [i for i in items if check_visibility(i) == "public"]
            if hidden:
                config.hook.pytest_deselected(items=hidden)
        if self.on_start:
            self.on_start(len(items))

    # --- fixtures ------------------------------------------------------------------------
    @pytest.fixture(scope="session")
    def server(self) -> Server:
        assert self._server is not None
        return self._server

    @pytest.fixture(scope="session")
    def client(self) -> httpx.Client:
        assert self._server is not None
        if self._client is None:
            limits = self._challenge.server
            self._client = make_client(
                self._server.base_url, self.recorder, limits.request_timeout,
                max_response=limits.max_response_mb * 1024 * 1024,
            )

            def follow(base_url: str) -> None:
                if self._client is not None:
                    self._client.base_url = httpx.URL(base_url)

            self._server.on_restart.append(follow)
        return self._client

    # --- services (challenge.toml [[service]]; contract in docs/authoring.md) ---------------
    def _services(self, kind: str):
        services = self._server.services if self._server is not None else None
        if services is None:
            raise LookupError(f"this challenge has no {kind} service (add it to challenge.toml's [[service]])")
        return services

    @pytest.fixture(scope="session")
    def pg(self):
        """A psycopg connection (autocommit) to the run's database, the one DATABASE_URL names."""
        services = self._services("postgres")
        return services.handle(services.endpoint("postgres"))

    @pytest.fixture(scope="session")
    def redis_client(self):
        services = self._services("redis")
        return services.handle(services.endpoint("redis"))

    @pytest.fixture(scope="session")
    def mongo_db(self):
        """The pymongo Database that MONGODB_URI names."""
        services = self._services("mongo")
        return services.handle(services.endpoint("mongo"))

    @pytest.fixture
    def upstreams(self) -> dict:
        """name -> handle of every fake upstream, reset (empty log, normal behaviour, up) before
        each check that uses them, so one check's down() or delay() never leaks into the next."""
        services = self._services("upstream")
        handles = {ep.spec.name: services.handle(ep) for ep in services.endpoints if ep.spec.kind == "upstream"}
        for handle in handles.values():
            handle.reset()
        return handles

    @pytest.fixture
    def mailbox(self):
        """The SMTP sink's mailbox, emptied before each check that uses it."""
        services = self._services("smtp")
        box = services.handle(services.endpoint("smtp"))
        box.clear()
        return box

    @pytest.fixture(scope="session")
    def replicas(self, client: httpx.Client) -> list[httpx.Client]:
        """One recording client per replica of the server; replicas[0] is `client`."""
        assert self._server is not None
        limits = self._challenge.server
        for other in self._server.others:
            c = make_client(other.base_url, self.recorder, limits.request_timeout,
                            max_response=limits.max_response_mb * 1024 * 1024)
            self._replica_clients.append(c)

            def follow(_base_url: str, c=c, other=other) -> None:
                c.base_url = httpx.URL(other.base_url)

            self._server.on_restart.append(follow)
        return [client, *self._replica_clients]

    @pytest.fixture
    def rng(self, request: pytest.FixtureRequest):
        return seeded_rng(self._seed, request.node.name)

    @pytest.fixture(scope="session")
    def seed(self) -> int:
        return self._seed

    @pytest.fixture(scope="session")
    def config(self) -> dict:
        return self._challenge.raw

    @pytest.fixture(scope="session")
    def data_files(self) -> dict:
        assert self._server is not None
        return self._server.data_files

    # --- running -------------------------------------------------------------------------
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.recorder.clear()
        for c in (self._client, *self._replica_clients):
            if c is not None:
                c.cookies.clear()  # checks stay independent: no session leaks between them
        if self.unavailable:
            pytest.fail(f"not run: {self.unavailable}", pytrace=False)
        if self._server is not None and (reason := self._server.gone()):
            pytest.fail(f"not run: the server is gone ({reason})", pytrace=False)
        if time.monotonic() > self._deadline:
            pytest.fail(f"not run: the suite's time limit of {self._challenge.server.suite_timeout:g}s was reached", pytrace=False)

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        if self._server is not None and self._server.dirty:
            self._server.restore()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        outcome = yield
        report = outcome.get_result()
        state = self._state.setdefault(item.nodeid, {"item": item, "status": None, "message": "", "exchange": None})
        if report.skipped and state["status"] is None:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            state["status"], state["message"] = "skip", reason.removeprefix("Skipped: ")
        elif report.failed:
            error = call.excinfo.value if call.excinfo else None
            if call.when == "call":
                state["status"] = "fail"
                state["message"] = self._describe(error, call.excinfo)
                state["exchange"] = self.recorder.last(error)
            elif state["status"] in (None, "pass"):
                state["status"] = "error"
                state["message"] = self._describe(error, call.excinfo)
        elif call.when == "call" and state["status"] is None:
            if self.check_timeout and report.duration >= self.check_timeout:
                # the timeout fired but code under test swallowed it (a library catching BaseException)
                state["status"] = "fail"
                state["message"] = f"the check did not finish within {self.check_timeout:g}s"
                state["exchange"] = self.recorder.last()
            else:
                state["status"] = "pass"
        state["duration"] = state.get("duration", 0.0) + report.duration

    def pytest_runtest_logfinish(self, nodeid: str, location: tuple) -> None:
        state = self._state.pop(nodeid, None)
        if state is None:
            return
        item = state["item"]
        status = state["status"] or "error"
        max_points = check_points(item)
        result = CheckResult(
            id=item.name,
            name=check_name(item),
            status=status,
            points=max_points if status == "pass" else 0.0,
            max_points=max_points,
            visibility=check_visibility(item),  # type: ignore[arg-type]
            message=state["message"],
            duration=round(state.get("duration", 0.0), 4),
            category=check_category(item),
            exchange=state["exchange"],
        )
        self.results.append(result)
        if self.on_check:
            self.on_check(result)

    def pytest_keyboard_interrupt(self, excinfo) -> None:
        self.interrupted = True

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        for c in (self._client, *self._replica_clients):
            if c is not None:
                c.close()

    # --- messages ------------------------------------------------------------------------
    def _describe(self, error: BaseException | None, excinfo) -> str:
        if error is None:
            return "failed"
        timeout = self._challenge.server.request_timeout
        if isinstance(error, AssertionError):
            text = str(error).strip() or "assertion failed"
        elif isinstance(error, ResponseTooLarge):
            text = str(error)
        elif isinstance(error, RecursionError):  # a suite's own response.json() of a nesting bomb
            text = TOO_DEEP
        elif isinstance(error, httpx.TimeoutException):
            text = f"no response within {timeout:g}s ({type(error).__name__})"
        elif isinstance(error, httpx.TransportError):
            text = f"the connection failed: {type(error).__name__}: {error}"
        elif isinstance(error, pytest.fail.Exception):
            text = str(error).strip()
            if m := re.match(r"Timeout \(?>([\d.]+)s", text):
                text = f"the check did not finish within {float(m.group(1)):g}s"
        else:
            text = f"{type(error).__name__}: {error}"
        if (self._server is not None and not isinstance(error, AssertionError) and "the server is gone" not in text
                and (gone := self._server.gone())):
            text += f"; the server is gone ({gone})"
        lines = text.splitlines()
        if len(lines) > MESSAGE_LINES:
            lines = lines[:MESSAGE_LINES] + ["..."]
        return "\n".join(lines)
