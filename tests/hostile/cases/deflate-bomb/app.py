"""Answers /echo with a deflate bomb (zlib-wrapped): ~4 MB on the wire, 4 GiB decoded. One
full-flushed segment of 1 MiB of zeros repeated (see the gzip case); the Adler-32 trailer is left
zero, never reached by a grader that stops at its cap."""

import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import os

_c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
SEGMENT = _c.compress(bytes(1 << 20)) + _c.flush(zlib.Z_FULL_FLUSH)
HEAD, END = b"\x78\xda", b"\x03\x00" + bytes(4)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.startswith("/echo"):
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-encoding", "deflate")
            self.send_header("content-length", str(len(HEAD) + 4096 * len(SEGMENT) + len(END)))
            self.end_headers()
            try:
                self.wfile.write(HEAD)
                for _ in range(4096):
                    self.wfile.write(SEGMENT)
                self.wfile.write(END)
            except OSError:
                pass  # the grader hung up at its cap
            return
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


print("listening", flush=True)
ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "3000"))), Handler).serve_forever()
