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
import zlib
from typing import Iterator

import httpx
from httpx._decoders import IdentityDecoder  # private, but the one hook: see CappedTransport

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
    """A response crossed one of the limits below; the message names the limit."""


# What the grader holds of one response, counted as it arrives (never after the fact): the body as
# decoded (a 4 MB gzip body can decode to 4 GiB), the header block (httpcore refuses more than
# 100 KiB of it), the number of header lines, and the cookies the client's jar would keep.
MAX_HEADERS = 256
MAX_SET_COOKIES = 64
DECODE_CHUNK = 64 * 1024
# the encodings this client decodes itself, in bounded steps; it advertises exactly these
DECODED = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
ACCEPT_ENCODING = "gzip, deflate"


def _mib(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def _inflate(chunks: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """Decompress a stream in pieces of at most DECODE_CHUNK bytes (zlib's max_length), so no single
    step can allocate what a decompression bomb expands to. `deflate` is tried zlib-wrapped, then
    raw, as browsers and httpx do."""
    wbits = DECODED[encoding]
    inflater = zlib.decompressobj(wbits)
    started = False
    for data in chunks:
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, DECODE_CHUNK)
            except zlib.error as exc:
                if encoding == "deflate" and not started and wbits > 0:
                    wbits, inflater = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise httpx.DecodingError(f"the response body is not valid {encoding}: {exc}") from None
            started = True
            data = inflater.unconsumed_tail
            if out:
                yield out
    if tail := inflater.flush():
        yield tail


class _CappedStream(httpx.SyncByteStream):
    """The body as the check will see it: decoded here in bounded steps, every limit enforced on
    the way, so a breach fails the check the moment it happens (not at a timeout)."""

    def __init__(self, inner: httpx.SyncByteStream, cap: int, encodings: list[str]) -> None:
        self._inner = inner
        self._cap = cap
        self._encodings = encodings

    def _wire(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._inner:
            seen += len(chunk)
            if seen > self._cap:
                raise ResponseTooLarge(f"response body exceeded the grader's cap of {_mib(self._cap)}")
            yield chunk

    def __iter__(self) -> Iterator[bytes]:
        stream: Iterator[bytes] = self._wire()
        for encoding in reversed(self._encodings):  # the last encoding applied is undone first
            stream = _inflate(stream, encoding)
        decoded = 0
        for chunk in stream:
            decoded += len(chunk)
            if decoded > self._cap and self._encodings:
                raise ResponseTooLarge(f"the response body decoded to more than {_mib(self._cap)} "
                                       f"({', '.join(self._encodings)})")
            yield chunk

    def close(self) -> None:
        self._inner.close()


def _check_headers(response: httpx.Response) -> None:
    count = len(response.headers.raw)
    if count > MAX_HEADERS:
        raise ResponseTooLarge(f"the response has {count} header lines, more than the grader's limit of {MAX_HEADERS}")
    cookies = len(response.headers.get_list("set-cookie"))
    if cookies > MAX_SET_COOKIES:
        raise ResponseTooLarge(f"the response sets {cookies} cookies, more than the grader's limit of {MAX_SET_COOKIES}")


class CappedTransport(httpx.HTTPTransport):
    def __init__(self, cap: int = DEFAULT_MAX_RESPONSE, **kw) -> None:
        super().__init__(**kw)
        self.cap = cap

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = super().handle_request(request)
        except httpx.RemoteProtocolError as exc:
            if "too long" in str(exc).lower() or "too large" in str(exc).lower():
                raise ResponseTooLarge("the response's header block is larger than the grader's limit of 100 KiB") from None
            raise
        try:
            _check_headers(response)
        except ResponseTooLarge:
            response.close()
            raise
        values = [v.strip().lower() for v in response.headers.get_list("content-encoding", split_commas=True)]
        # decoded here, bounded; other encodings (br, zstd) are never advertised and stay as sent
        encodings = [v for v in values if v in DECODED]
        response.stream = _CappedStream(response.stream, self.cap, encodings)  # type: ignore[arg-type]
        # httpx must not decode a second time, unbounded: its decoder is chosen once per response
        response._decoder = IdentityDecoder()  # type: ignore[attr-defined]
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
        headers={"user-agent": "live-grader", "accept-encoding": ACCEPT_ENCODING},
    )


def other_client(base_url: str, timeout: float = 5.0, max_response: int = DEFAULT_MAX_RESPONSE) -> httpx.Client:
    """A second client for a suite ("another browser"): its own cookies, the same limits as `client`
    (decoded-size cap, header limits), no recording. Suites use it instead of a bare httpx.Client."""
    return httpx.Client(
        base_url=base_url, timeout=timeout, follow_redirects=False, verify=False,
        transport=CappedTransport(cap=max_response, limits=httpx.Limits(max_keepalive_connections=0)),
        headers={"user-agent": "live-grader", "accept-encoding": ACCEPT_ENCODING},
    )
