"""The suite's HTTP client: records every exchange for failure reports and caps response sizes.

A failed check shows the last request it sent as a curl command line, and the status, headers and
body excerpt that came back (in the manner of CodeCrafters' testers). Bodies are capped so that a
hostile server answering with 500 MB cannot exhaust the grader's memory.
"""

from __future__ import annotations

import base64
import json
import os
import shlex
from typing import Iterator

import httpx

from .results import Exchange

DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024
BODY_EXCERPT = 2000
SHOWN_RESPONSE_HEADERS = (
    "content-type", "content-length", "location", "www-authenticate", "set-cookie", "cache-control",
    "access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods",
    "access-control-allow-headers", "vary", "content-disposition", "retry-after", "etag",
)


# GRADER_TRACE_REQUESTS=FILE appends every request a suite sends, as JSON lines; the benchmark
# replays them with a plain client to measure the floor a grading cannot go below.
TRACE_FILE = os.environ.get("GRADER_TRACE_REQUESTS")


def trace_restart() -> None:
    """Record that the suite restarted the server (the floor restarts it there too)."""
    if TRACE_FILE:
        with open(TRACE_FILE, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"restart": True}) + "\n")


def _trace(request: httpx.Request) -> None:
    try:
        body = request.content
    except httpx.RequestNotRead:
        body = b""
    line = {
        "method": request.method,
        "target": request.url.raw_path.decode(),
        "headers": {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")},
        "body": base64.b64encode(body).decode(),
    }
    with open(TRACE_FILE, "a", encoding="utf-8") as fh:  # type: ignore[arg-type]
        fh.write(json.dumps(line) + "\n")


class ResponseTooLarge(Exception):
    pass


class _CappedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, cap: int) -> None:
        self._inner = inner
        self._cap = cap

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._inner:
            seen += len(chunk)
            if seen > self._cap:
                raise ResponseTooLarge(f"response body exceeded the grader's cap of {self._cap // (1024 * 1024)} MiB")
            yield chunk

    def close(self) -> None:
        self._inner.close()


class CappedTransport(httpx.HTTPTransport):
    def __init__(self, cap: int = DEFAULT_MAX_RESPONSE, **kw) -> None:
        super().__init__(**kw)
        self.cap = cap

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.stream = _CappedStream(response.stream, self.cap)  # type: ignore[arg-type]
        return response


def _body_text(content: bytes, limit: int = BODY_EXCERPT) -> str:
    text = content[: limit * 4].decode("utf-8", errors="replace")
    return text if len(text) <= limit and len(content) <= limit * 4 else text[:limit] + f"... ({len(content)} bytes)"


def curl_for(request: httpx.Request) -> str:
    parts = ["curl", "-i", "-X", request.method, str(request.url)]
    for key, value in request.headers.items():
        if key.lower() in ("host", "accept-encoding", "connection", "user-agent", "content-length", "accept"):
            continue
        parts += ["-H", f"{key}: {value}"]
    try:
        body = request.content
    except httpx.RequestNotRead:
        body = b""
        parts += ["--data-binary", "@<streamed body>"]
    if body:
        if b"\x00" in body or len(body) > BODY_EXCERPT:
            parts += ["--data-binary", f"@<{len(body)} bytes>"]
        else:
            parts += ["--data-raw", body.decode("utf-8", errors="replace")]
    return " ".join(shlex.quote(p) for p in parts)


class Recorder:
    """Keeps the exchanges of the current check (reset by the plugin before each check)."""

    def __init__(self) -> None:
        self._pairs: list[list] = []  # [request, response | None]

    def clear(self) -> None:
        self._pairs.clear()

    def on_request(self, request: httpx.Request) -> None:
        self._pairs.append([request, None])
        if TRACE_FILE:
            _trace(request)

    def on_response(self, response: httpx.Response) -> None:
        for pair in reversed(self._pairs):
            if pair[0] is response.request:
                pair[1] = response
                return

    def last(self, error: BaseException | None = None) -> Exchange | None:
        if not self._pairs:
            return None
        request, response = self._pairs[-1]
        try:
            req_body = request.content.decode("utf-8", errors="replace")[:BODY_EXCERPT] or None
        except httpx.RequestNotRead:
            req_body = "<streamed body>"
        ex = Exchange(
            method=request.method,
            url=str(request.url),
            request_headers={k: v for k, v in request.headers.items() if k.lower() not in ("accept-encoding", "connection", "user-agent", "accept")},
            request_body=req_body,
            curl=curl_for(request),
        )
        if response is None:
            ex.error = f"{type(error).__name__}: {error}" if error is not None else "no response"
            return ex
        ex.status = response.status_code
        ex.response_headers = {k: v for k, v in response.headers.items() if k.lower() in SHOWN_RESPONSE_HEADERS}
        if hasattr(response, "_content"):
            ex.response_body = _body_text(response.content)
        else:
            ex.response_body = "<body not read by the check>"
        return ex


def make_client(base_url: str, recorder: Recorder, timeout: float, max_response: int = DEFAULT_MAX_RESPONSE) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        timeout=timeout,
        follow_redirects=False,
        verify=False,  # suites speak plain HTTP to the sandbox; the default TLS context costs ~25 ms to build
        # a fresh connection per request: a server that drops a kept-alive connection (Starlette after
        # a 500) must not make the *next* check fail; costs well under a millisecond on a local network
        transport=CappedTransport(cap=max_response, limits=httpx.Limits(max_keepalive_connections=0)),
        event_hooks={"request": [recorder.on_request], "response": [recorder.on_response]},
        headers={"user-agent": "live-grader"},
    )
