"""The floor a grading cannot go below, as one process: start the reference solution (in a
container of the runtime image, or as a plain local process), wait until it answers, replay the
requests the suite sends (a trace from GRADER_TRACE_REQUESTS) with a plain HTTP client, stop.
Where the suite restarted the server, so does the floor: in docker in place through the image's
supervisor over its control socket (as the grader does), locally as a new process.

    python bench/floor.py docker|local SUBMISSION_DIR TRACE.jsonl ENTRY_COMMAND...
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import httpx


def wait(host: str, port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            httpx.get(f"http://{host}:{port}/", timeout=2, verify=False)  # plain HTTP: no TLS context
            return
        except (OSError, httpx.HTTPError):
            time.sleep(0.005)
    raise SystemExit("floor: the server never answered")


def replay(base: str, trace: str, restart) -> int:
    n = 0
    with httpx.Client(base_url=base, timeout=10, verify=False) as client, open(trace) as fh:
        for line in fh:
            req = json.loads(line)
            if req.get("restart"):
                client.base_url = httpx.URL(restart())
                continue
            client.request(req["method"], req["target"], headers=req["headers"], content=base64.b64decode(req["body"]))
            n += 1
    return n


def main() -> None:
    kind, sub, trace, *cmd = sys.argv[1:]
    if kind == "docker":
        image = os.environ.get("GRADER_IMAGE", "live-grader-runtime:latest")
        cids: list[str] = []
        host = ""
        control = tempfile.mkdtemp(prefix="floor-control-")
        os.chmod(control, 0o755)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(f"{control}/sock")
        os.chmod(f"{control}/sock", 0o666)
        listener.listen(1)
        conn: list[socket.socket] = []

        def start() -> str:
            nonlocal host
            if cids:  # a restart: the image's supervisor restarts the server in place (its control socket)
                if not conn:
                    listener.settimeout(5)
                    conn.append(listener.accept()[0])
                conn[0].sendall(json.dumps({"env": {"PORT": "3000"}}).encode() + b"\n")
                answer = b""
                while not answer.endswith(b"\n"):
                    answer += conn[0].recv(4096) or b"\n"
                if not answer.startswith(b"ok"):
                    raise SystemExit(f"floor: the supervisor did not restart the server: {answer!r}")
                wait(host, 3000)
                return f"http://{host}:3000"
            cids.append(subprocess.check_output(
                ["docker", "run", "-d", "--rm", "--init", "--read-only", "--tmpfs", "/work:exec,uid=10001,gid=10001",
                 "--tmpfs", "/tmp", "-v", f"{sub}:/submission:ro", "-v", f"{control}:/control:ro", "-e", "PORT=3000",
                 image, *cmd], text=True).strip())
            host = subprocess.check_output(
                ["docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", cids[-1]],
                text=True).strip()
            wait(host, 3000)
            return f"http://{host}:3000"

        try:
            replay(start(), trace, start)
        finally:
            for cid in cids:
                subprocess.run(["docker", "rm", "-f", cid], capture_output=True)
            for sock in (*conn, listener):
                sock.close()
            shutil.rmtree(control, ignore_errors=True)
    else:
        procs: list[subprocess.Popen] = []

        def start() -> str:
            if procs:
                old = procs.pop()
                old.kill()
                old.wait()
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            procs.append(subprocess.Popen(cmd, cwd=sub, env={**os.environ, "PORT": str(port)},
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            wait("127.0.0.1", port)
            return f"http://127.0.0.1:{port}"

        try:
            replay(start(), trace, start)
        finally:
            for proc in procs:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    main()
