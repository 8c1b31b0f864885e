"""The Docker sandbox's control channel to the container's supervisor (runtime/supervise): the
request that restarts the server in place, without a `docker exec` per restart."""

from __future__ import annotations

import socket
from pathlib import Path


class ControlChannel:
    """A restart without `docker exec`: a listening unix socket in a host directory that the
    container mounts read-only at /control; the supervisor connects once at its start, before the
    candidate's server exists, so the first connection accepted is the supervisor's. The listener is
    then closed and its file removed: nothing started later (the server) can connect. Any failure
    (no connection within a moment, a broken one, no answer) returns None and the caller falls back
    to the exec path for good."""

    ACCEPT_S = 1.0
    ANSWER_S = 15.0  # the supervisor waits up to 3 s for the old processes to die, then spawns
    MAX_ANSWER = 4096

    def __init__(self, directory: Path, listener: socket.socket) -> None:
        self.directory = directory
        self._listener: socket.socket | None = listener
        self._conn: socket.socket | None = None

    @classmethod
    def listen(cls, directory: Path) -> ControlChannel | None:
        path = directory / "sock"
        if len(str(path)) > 100:  # AF_UNIX path limit (108 bytes): the exec path still works
            return None
        try:
            directory.mkdir(mode=0o755)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.bind(str(path))
            path.chmod(0o666)  # the supervisor runs as the candidate's uid
            sock.listen(1)
        except OSError:
            return None
        return cls(directory, sock)

    def _connection(self) -> socket.socket | None:
        if self._conn is None and self._listener is not None:
            listener, self._listener = self._listener, None
            try:
                listener.settimeout(self.ACCEPT_S)
                self._conn, _ = listener.accept()
            except OSError:
                self._conn = None
            finally:
                listener.close()
                try:
                    (self.directory / "sock").unlink()
                except OSError:
                    pass
        return self._conn

    def request(self, payload: str) -> bytes | None:
        conn = self._connection()
        if conn is None:
            return None
        try:
            conn.settimeout(self.ANSWER_S)
            conn.sendall(payload.encode() + b"\n")
            answer = b""
            while not answer.endswith(b"\n") and len(answer) < self.MAX_ANSWER:
                chunk = conn.recv(self.MAX_ANSWER)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            answer = b""
        if not answer.endswith(b"\n"):
            self.close()
            return None
        return answer

    def close(self) -> None:
        for sock in (self._conn, self._listener):
            if sock is not None:
                try:
                    sock.close()
                except OSError:
                    pass
        self._conn = self._listener = None
