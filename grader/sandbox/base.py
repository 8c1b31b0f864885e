"""The sandbox interface: run one submission's server somewhere the grader can reach over HTTP.

A sandbox owns one server at a time. `start` launches it (it does not wait for readiness: see
`grader.readiness`), `stop` ends it, `close` releases everything the sandbox created. Every
implementation must make `close` safe to call twice and from a signal handler's finally block.
"""

from __future__ import annotations

import abc
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..submission import Submission
from .output import OutputBuffer
from .staging import StageReport


@dataclass
class ExitInfo:
    code: int
    oom_killed: bool = False


class Sandbox(abc.ABC):
    name: str = "?"
    isolated: bool = False

    # where the server sees the challenge's data files (DATA_DIR); set by each implementation
    data_dir_in_server: str = ""
    # the submission's installed dependencies (grader.deps.Layer), set by use_deps before start
    deps = None
    # something the user should know about this sandbox's isolation (shown once, as a warning)
    warning: str | None = None
    # Docker only: (container, address) of the run's services pod, whose network namespace the
    # server joins (grader/services/pod.py); None without services and in the local sandbox
    pod: tuple[Any, str] | None = None

    def __init__(self, submission: Submission, *, memory_mb: int = 256, output_cap: int | None = None) -> None:
        self.submission = submission
        self.memory_mb = memory_mb
        self.output = OutputBuffer(output_cap) if output_cap else OutputBuffer()
        # what copying the submission in left out (links pointing outside it): each implementation
        # sets it when it copies the submission in
        self.stage_report = StageReport()

    @property
    @abc.abstractmethod
    def data_dir(self) -> Path:
        """A host directory, outside the work dir, made visible read-only to the server as DATA_DIR."""

    def dependency_installer(self):
        """(runtime id, installer) for grader.deps: where this sandbox's dependency installs run."""
        raise NotImplementedError

    def use_deps(self, layer) -> None:
        """Make an installed dependency layer visible to the server (read-only) from the next start."""
        self.deps = layer

    # --- lifecycle -------------------------------------------------------------------------
    @abc.abstractmethod
    def start(
        self, env: dict[str, str], files: dict[str, str | bytes] | None = None, remove: list[str] | None = None
    ) -> None:
        """Launch the server with exactly `env` (plus the sandbox's own PATH etc.). The work dir
        keeps what the previous run wrote, minus `remove`, plus `files`."""

    @abc.abstractmethod
    def stop(self) -> None:
        """End the server (and everything it spawned). Safe when it already exited."""

    @abc.abstractmethod
    def close(self) -> None:
        """Stop and remove everything this sandbox created. Idempotent."""

    # --- what the grader needs while it runs -----------------------------------------------
    @property
    @abc.abstractmethod
    def host(self) -> str:
        """The address the server is reached at."""

    @abc.abstractmethod
    def exit_info(self) -> ExitInfo | None:
        """None while the server runs, else how it ended."""

    def poll_exit(self) -> ExitInfo | None:
        """exit_info() for a tight polling loop (readiness): may be cheaper, and may answer None
        for a moment after the server ended; exit_info() is exact."""
        return self.exit_info()

    @abc.abstractmethod
    def read_file(self, relpath: str) -> bytes:
        """A file from the server's work dir (raises FileNotFoundError)."""

    @abc.abstractmethod
    def pick_port(self) -> int:
        """A port the server may be told to listen on."""

    def listening(self) -> list[tuple[str, int]] | None:
        """(address, port) pairs the server listens on, if the sandbox can tell."""
        return None

    def owns_port(self, port: int) -> bool:
        """Is the listener on `port` this server's? True where nothing else can listen there (a
        container's own network namespace); the local sandbox checks its process group, so that a
        concurrent grading's server on the same port is never mistaken for this one."""
        return True

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OnThisHost(Sandbox):
    """A sandbox whose server runs on this host (a process, or a thread of the grader): reached on
    loopback at a free port, its files under one temporary folder, DATA_DIR a folder in it that
    the server reads directly."""

    def __init__(self, submission: Submission, *, tmp_prefix: str, **kw) -> None:
        super().__init__(submission, **kw)
        self._tmp = Path(tempfile.mkdtemp(prefix=tmp_prefix))
        self.data_dir_in_server = str(self._tmp / "data")

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def data_dir(self) -> Path:
        path = self._tmp / "data"
        path.mkdir(exist_ok=True)
        return path

    def pick_port(self) -> int:
        return free_port()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_proc_net_tcp(text: str) -> list[tuple[str, int]]:
    """Listening sockets from /proc/net/tcp{,6} (state 0A)."""
    out: list[tuple[str, int]] = []
    for line in text.splitlines()[0:]:
        parts = line.split()
        if len(parts) < 4 or parts[3] != "0A" or ":" not in parts[1]:
            continue
        addr_hex, port_hex = parts[1].rsplit(":", 1)
        try:
            port = int(port_hex, 16)
        except ValueError:
            continue
        if len(addr_hex) == 8:
            raw = bytes.fromhex(addr_hex)[::-1]
            addr = ".".join(str(b) for b in raw)
        else:
            addr = "::1" if addr_hex.endswith("01000000") and set(addr_hex[:24]) == {"0"} else (
                "::" if set(addr_hex) == {"0"} else addr_hex)
        out.append((addr, port))
    return out


def remove_files(root: Path, relpaths: list[str]) -> None:
    for rel in relpaths:
        target = (root / rel).resolve()
        if root.resolve() in target.parents and target.is_file():
            target.unlink()


def write_files(root: Path, files: dict[str, str | bytes] | None) -> None:
    for rel, content in (files or {}).items():
        target = (root / rel).resolve()
        if root.resolve() not in target.parents:
            raise ValueError(f"file {rel!r} is outside the work dir")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
