# Alternative: no framework and no ASGI: the standard library's ThreadingHTTPServer, one handler
# method per HTTP method, HTTP/1.0 answers (the connection closes after each response).
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ROUTES = {"/": {"message": "ok"}, "/health": {"status": "ok"}}


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drain_body(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in ROUTES:
            self._send(200, ROUTES[path])
        else:
            self._send(404, {"error": "Not Found"})

    def _not_found(self) -> None:
        self._drain_body()
        self._send(404, {"error": "Not Found"})

    do_POST = do_PUT = do_DELETE = do_PATCH = _not_found


if __name__ == "__main__":
    server = ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "3000"))), Handler)
    print(f"listening on {server.server_address}")
    server.serve_forever()
