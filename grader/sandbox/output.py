"""A bounded buffer for a server's captured output: keeps the last `cap` bytes, counts the rest.

A submission that floods stdout must not grow the grader's memory; the report says how much was
dropped.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import IO, Iterable

DEFAULT_CAP = 1024 * 1024


class OutputBuffer:
    def __init__(self, cap: int = DEFAULT_CAP) -> None:
        self.cap = cap
        self._chunks: deque[bytes] = deque()
        self._size = 0
        self.total = 0
        self._lock = threading.Lock()
        self._pumps: list[threading.Thread] = []

    def write(self, data: bytes) -> None:
        if not data:
            return
        with self._lock:
            self.total += len(data)
            if len(data) >= self.cap:
                self._chunks.clear()
                data = data[-self.cap :]
                self._size = 0
            self._chunks.append(data)
            self._size += len(data)
            while self._size > self.cap:
                head = self._chunks.popleft()
                over = self._size - self.cap
                if len(head) > over:
                    self._chunks.appendleft(head[over:])
                    self._size -= over
                else:
                    self._size -= len(head)

    def mark(self, text: str) -> None:
        """A grader annotation in the log, e.g. where a restart happened."""
        self.write(f"\n--- {text} ---\n".encode())

    @property
    def truncated(self) -> bool:
        return self.total > self.cap

    def text(self) -> str:
        with self._lock:
            data = b"".join(self._chunks)
        return data.decode("utf-8", errors="replace")

    def tail(self, max_chars: int = 4000) -> str:
        text = self.text()
        return text[-max_chars:]

    def pump(self, source: IO[bytes] | Iterable[bytes]) -> threading.Thread:
        """Copy a stream into the buffer on a daemon thread until it ends."""

        def run() -> None:
            try:
                if hasattr(source, "read1"):
                    while chunk := source.read1(65536):  # type: ignore[union-attr]
                        self.write(chunk)
                else:
                    for chunk in source:  # type: ignore[union-attr]
                        self.write(chunk)
            except (OSError, ValueError):
                pass  # the stream closed under us: the server is gone

        thread = threading.Thread(target=run, name="server-output", daemon=True)
        thread.start()
        self._pumps = [t for t in self._pumps if t.is_alive()] + [thread]
        return thread

    def drain(self, timeout: float = 1.0) -> bool:
        """Wait (bounded) until every pump has read its stream to the end: called once the server
        has stopped, so that the tail holds its last words (a stack trace, the flood's end) and
        not whatever the pump had reached when the stream was cut. False if one is still reading
        (a grandchild holds the pipe open, or the engine is slow to send the rest)."""
        import time

        deadline = time.monotonic() + timeout
        for thread in self._pumps:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self._pumps)
