"""The well-behaved core of the python cases of the hostile corpus (see good.js)."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def serve(status=None, port=None, host="0.0.0.0"):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/":
                body = {"ok": True, **(status() if status else {})}
            elif url.path == "/echo":
                body = {"x": parse_qs(url.query).get("x", [None])[0]}
            else:
                self.send_response(404)
                self.end_headers()
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, int(port or os.environ.get("PORT", "3000"))), Handler)
    print("listening", flush=True)
    server.serve_forever()
