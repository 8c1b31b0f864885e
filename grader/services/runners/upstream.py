"""A fake upstream: a challenge's Starlette app behind a recorder and a switchboard.

    python upstream.py --app FILE --port P --control-port C [--host H]   (secret in GRADER_SERVICE_SECRET)

The app (module-level `app` in FILE) answers on P. Every request it receives is logged; the
controls on C (see control.py) read the log and change behaviour: fail the next n requests,
drop the next n connections after reading their request (reset_next), answer one status until
reset, add latency, go down (nothing listens on P) and come back.
Port P is a plain TCP front that forwards to the app on a unix socket, so that `down` can really
close the listening socket (a refused connection, as with a dead service) and `up` reopen it.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import sys
import tempfile
import time

from control import control_app, until_signalled, uvicorn_server


class Switchboard:
    def __init__(self) -> None:
        self.log: list[dict] = []
        self.reset_behaviour()

    def reset_behaviour(self) -> None:
        self.fail_left, self.fail_status = 0, 500
        self.reset_left = 0  # requests to receive, log, and answer by closing the connection
        self.status: int | None = None
        self.delay = 0.0


def recording(app, board: Switchboard):
    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        board.log.append({
            "method": scope["method"], "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "headers": {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]},
            "body": body.decode("utf-8", "replace"), "time": time.monotonic(),
        })
        if board.delay:
            await asyncio.sleep(board.delay)
        status = None
        if board.fail_left > 0:
            board.fail_left -= 1
            status = board.fail_status
        elif board.status is not None:
            status = board.status
        if status is not None:
            payload = json.dumps({"error": f"upstream answered {status} (set by the grader)"}).encode()
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
            await send({"type": "http.response.body", "body": payload})
            return

        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await app(scope, replay, send)

    return wrapped


class Front:
    """The public TCP port, piped to the app's unix socket; closable; and where a request is
    answered by a dropped connection (reset_next), since no HTTP response can say that."""

    def __init__(self, host: str, port: int, uds: str, board: Switchboard) -> None:
        self.host, self.port, self.uds, self.board = host, port, uds, board
        self.server: asyncio.base_events.Server | None = None
        self.conns: set[asyncio.StreamWriter] = set()

    async def _pipe(self, reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _drop(self, reader, writer) -> None:
        """Read one request's head, log it, close the connection without a byte of answer."""
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            head = b""
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = (lines[0].split(" ") + ["", ""])[:3] if lines and lines[0] else ("", "", "")
        path, _, query = target.partition("?")
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        self.board.log.append({"method": method, "path": path, "query": query, "headers": headers, "body": "",
                               "time": time.monotonic(), "dropped": True})
        writer.transport.abort()  # a reset, as from a crashed service

    async def _handle(self, reader, writer) -> None:
        if self.board.reset_left > 0:
            self.board.reset_left -= 1
            return await self._drop(reader, writer)
        self.conns.add(writer)
        try:
            ur, uw = await asyncio.open_unix_connection(self.uds)
        except OSError:
            writer.close()
            return
        self.conns.add(uw)
        try:
            await asyncio.gather(self._pipe(reader, uw), self._pipe(ur, writer))
        finally:
            self.conns.discard(writer)
            self.conns.discard(uw)

    async def up(self) -> None:
        if self.server is None:
            self.server = await asyncio.start_server(self._handle, self.host, self.port, reuse_address=True)

    async def down(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for w in list(self.conns):  # open connections die too, as they would with the process
            w.transport.abort()
        self.conns.clear()


def load_app(path: str):
    spec = importlib.util.spec_from_file_location("upstream_app", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec.loader.exec_module(module)
    return module.app


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--app", required=True)
    p.add_argument("--host", default="0.0.0.0")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--control-port", type=int, required=True)
    args = p.parse_args()
    secret = os.environ.get("GRADER_SERVICE_SECRET", "")  # not argv: /proc/PID/cmdline is world-readable
    if not secret:
        sys.exit("upstream: GRADER_SERVICE_SECRET is required")
    board = Switchboard()
    uds = os.path.join(tempfile.mkdtemp(prefix="upstream-"), "app.sock")
    front = Front(args.host, args.port, uds, board)

    async def requests(_):
        return board.log

    async def reset(_):
        board.log.clear()
        board.reset_behaviour()
        await front.up()

    async def fail_next(p):
        board.fail_left, board.fail_status = int(p.get("n", 1)), int(p.get("status", 500))

    async def reset_next(p):
        board.reset_left = int(p.get("n", 1))

    async def respond_with(p):
        board.status = int(p["status"])

    async def delay(p):
        board.delay = float(p["seconds"])

    async def down(_):
        await front.down()

    async def up(_):
        await front.up()

    controls = control_app(secret, {
        "/requests": requests, "/reset": reset, "/fail_next": fail_next, "/reset_next": reset_next, "/respond_with": respond_with,
        "/delay": delay, "/down": down, "/up": up,
    })
    app_server = uvicorn_server(recording(load_app(args.app), board), uds=uds)
    control_server = uvicorn_server(controls, host=args.host, port=args.control_port)
    tasks = [asyncio.create_task(app_server.serve()), asyncio.create_task(control_server.serve())]
    while not (app_server.started and control_server.started):
        if any(t.done() for t in tasks):
            for t in tasks:
                if t.done() and t.exception():
                    raise t.exception()
            sys.exit("upstream: a server ended during start-up")
        await asyncio.sleep(0.01)
    await front.up()  # the public port last: once it accepts, everything is ready
    await until_signalled()
    app_server.should_exit = control_server.should_exit = True
    await front.down()
    await asyncio.gather(*tasks, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
