"""An SMTP sink: accepts every mail (no relay, no auth) and keeps it for the suite.

    python smtp.py --port P --control-port C      (secret in GRADER_SERVICE_SECRET)

A small SMTP server of its own (RFC 5321's HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on the
asyncio loop: what nodemailer and smtplib send without TLS or AUTH. The controls on C return the
received messages (raw, base64) and clear them.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import sys

from control import control_app, until_signalled, uvicorn_server

MAX_MESSAGE = 10 * 1024 * 1024


class Sink:
    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        reply("220 grader-smtp ESMTP sink")
        sender, rcpts = None, []
        try:
            while line := await reader.readline():
                cmd = line.decode("utf-8", "replace").strip()
                verb = cmd[:4].upper()
                if verb in ("HELO",):
                    reply("250 grader-smtp")
                elif verb == "EHLO":
                    reply("250-grader-smtp")
                    reply("250-8BITMIME")
                    reply("250-SMTPUTF8")
                    reply(f"250 SIZE {MAX_MESSAGE}")
                elif verb == "MAIL":
                    sender, rcpts = cmd[10:].strip(), []
                    reply("250 OK")
                elif verb == "RCPT":
                    rcpts.append(cmd[8:].strip())
                    reply("250 OK")
                elif verb == "DATA":
                    if not rcpts:
                        reply("503 need RCPT first")
                        continue
                    reply("354 end with <CRLF>.<CRLF>")
                    await writer.drain()
                    data = bytearray()
                    while True:
                        chunk = await reader.readline()
                        if not chunk or chunk in (b".\r\n", b".\n"):
                            break
                        if chunk.startswith(b".."):
                            chunk = chunk[1:]  # dot-stuffing
                        if len(data) < MAX_MESSAGE:
                            data += chunk
                    self.messages.append({"from": sender, "to": rcpts,
                                          "data": base64.b64encode(bytes(data)).decode()})
                    sender, rcpts = None, []
                    reply("250 OK queued")
                elif verb == "RSET":
                    sender, rcpts = None, []
                    reply("250 OK")
                elif verb == "NOOP":
                    reply("250 OK")
                elif verb == "QUIT":
                    reply("221 bye")
                    await writer.drain()
                    break
                else:
                    reply("502 command not implemented")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="0.0.0.0")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--control-port", type=int, required=True)
    args = p.parse_args()
    secret = os.environ.get("GRADER_SERVICE_SECRET", "")
    if not secret:
        sys.exit("smtp: GRADER_SERVICE_SECRET is required")
    sink = Sink()

    async def messages(_):
        return sink.messages

    async def clear(_):
        sink.messages.clear()

    control = uvicorn_server(control_app(secret, {"/messages": messages, "/clear": clear}),
                             host=args.host, port=args.control_port)
    task = asyncio.create_task(control.serve())
    while not control.started:
        if task.done():
            sys.exit("smtp: the control server ended during start-up")
        await asyncio.sleep(0.01)
    server = await asyncio.start_server(sink.session, args.host, args.port, reuse_address=True)
    await until_signalled()
    server.close()
    control.should_exit = True
    await task


if __name__ == "__main__":
    asyncio.run(main())
