# Flask (threaded) with a sliding-window log per client in a deque behind a lock; the client is
# werkzeug's request.access_route[0] (the first X-Forwarded-For address, else the peer address).
import math
import os
import threading
import time
from collections import defaultdict, deque

from flask import Flask, jsonify, request

LIMIT = int(os.environ.get("RATE_LIMIT_MAX", "5"))
WINDOW = int(os.environ.get("RATE_LIMIT_WINDOW_MS", "60000")) / 1000.0

app = Flask(__name__)
allowed_at = defaultdict(deque)  # client -> monotonic times of its allowed requests in the window
lock = threading.Lock()


def client_key():
    route = request.access_route
    return route[0] if route and route[0] else request.remote_addr


def seconds_to_wait(client):
    """None when the request is allowed (and counted), else how long until a slot frees up."""
    now = time.monotonic()
    with lock:
        times = allowed_at[client]
        while times and times[0] <= now - WINDOW:
            times.popleft()
        if len(times) >= LIMIT:
            return times[0] + WINDOW - now
        times.append(now)
        return None


@app.get("/api/resource")
def resource():
    wait = seconds_to_wait(client_key())
    if wait is not None:
        response = jsonify(error="Rate limit exceeded; retry later")
        response.status_code = 429
        response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return response
    return jsonify(ok=True)


@app.get("/health")
def health():
    return jsonify(status="ok")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
