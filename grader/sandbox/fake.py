"""A sandbox without a server process: the "server" is an ASGI app the caller hands in, served by
uvicorn on a thread of the grader's own process. For unit tests of what sits above the sandbox
(Server, readiness, grade(), the suite plugin, the reports) and for authors who want to try a
check against a few lines of Starlette: `GradeOptions(sandbox_factory=FakeSandbox.factory(app))`.

It isolates nothing and runs no submission code (the submission folder only names the track);
`crash(code)` ends the server as a crashing process would, `never_listen=True` is a server that
never answers.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from typing import Any

from ..submission import Submission
from .base import ExitInfo, OnThisHost


class FakeSandbox(OnThisHost):
    name = "fake"
    isolated = False

    def __init__(self, submission: Submission, app: Any, *, never_listen: bool = False, **kw) -> None:
        super().__init__(submission, tmp_prefix="grader-fake-", **kw)
        self.app = app
        self.never_listen = never_listen
        self.files: dict[str, bytes] = {}  # the work dir: what start() was given
        self.starts: list[dict[str, str]] = []  # the environment of every start, in order
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._exit: ExitInfo | None = None

    @classmethod
    def factory(cls, app: Any, **kw) -> Callable[[Submission, Any], FakeSandbox]:
        """What GradeOptions.sandbox_factory takes: (submission, challenge) -> a sandbox."""
        return lambda submission, _challenge: cls(submission, app, **kw)

    def start(
        self, env: dict[str, str], files: dict[str, str | bytes] | None = None, remove: list[str] | None = None
    ) -> None:
        import uvicorn

        self.stop()
        self._exit = None
        self.starts.append(dict(env))
        for rel in remove or []:
            self.files.pop(rel, None)
        for rel, content in (files or {}).items():
            self.files[rel] = content.encode() if isinstance(content, str) else content
        if self.never_listen:
            return
        config = uvicorn.Config(self.app, host="127.0.0.1", port=int(env["PORT"]), log_level="warning",
                                access_log=False, lifespan="off")
        self._server = server = uvicorn.Server(config)
        self._thread = threading.Thread(target=server.run, name="fake-server", daemon=True)
        self._thread.start()

    def crash(self, code: int = 1) -> None:
        """End the server, as a process exiting with `code` would (also from inside a handler:
        the answer being written is its last)."""
        self._exit = ExitInfo(code=code)
        self.stop()

    def stop(self) -> None:
        server, thread, self._server, self._thread = self._server, self._thread, None, None
        if server is not None:
            server.should_exit = True
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def exit_info(self) -> ExitInfo | None:
        return self._exit

    def read_file(self, relpath: str) -> bytes:
        try:
            return self.files[relpath]
        except KeyError:
            raise FileNotFoundError(relpath) from None
