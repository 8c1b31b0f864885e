"""Alternative: Flask (threaded, so the 300 ms time.sleep blocks one worker thread, not the server)
with a small TTL cache class guarded by a lock; the headers are set in an after_request hook."""
import os
import threading
import time

from flask import Flask, g, jsonify, request

TTL = int(os.environ.get("CACHE_TTL_MS", "30000")) / 1000
MAX_AGE = max(1, int(TTL))

CATALOGUE = {
    "1": {"id": 1, "name": "Mechanical Keyboard", "price": 89.99},
    "2": {"id": 2, "name": "Wireless Mouse", "price": 24.5},
    "3": {"id": 3, "name": "USB-C Hub", "price": 39},
    "4": {"id": 4, "name": "27-inch Monitor", "price": 249.99},
    "5": {"id": 5, "name": "Laptop Stand", "price": 34.95},
}


class TTLCache:
    def __init__(self, ttl: float):
        self.ttl = ttl
        self.entries: dict[str, tuple[float, dict]] = {}
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            item = self.entries.get(key)
            if item is None:
                return None
            if time.monotonic() >= item[0]:
                del self.entries[key]
                return None
            return item[1]

    def put(self, key, value):
        with self.lock:
            self.entries[key] = (time.monotonic() + self.ttl, value)

    def drop(self, key):
        with self.lock:
            self.entries.pop(key, None)

    def clear(self):
        with self.lock:
            self.entries.clear()


app = Flask(__name__)
cache = TTLCache(TTL)


def slow_lookup(pid: str) -> dict:
    time.sleep(0.3)  # the "database"
    return dict(CATALOGUE[pid])


@app.after_request
def cache_headers(response):
    if "x_cache" in g:
        response.headers["X-Cache"] = g.x_cache
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    elif response.status_code == 404:
        response.headers["Cache-Control"] = "no-store"
    return response


@app.get("/products/<pid>")
def get_product(pid):
    if pid not in CATALOGUE:
        return jsonify(error="product not found"), 404
    product = cache.get(pid)
    if product is not None:
        g.x_cache = "HIT"
        return jsonify(product)
    product = slow_lookup(pid)
    cache.put(pid, product)
    g.x_cache = "MISS"
    return jsonify(product)


@app.put("/products/<pid>")
def put_product(pid):
    if pid not in CATALOGUE:
        return jsonify(error="product not found"), 404
    body = request.get_json(force=True, silent=True)
    price = body.get("price") if isinstance(body, dict) else None
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        return jsonify(error="price must be a number >= 0"), 400
    CATALOGUE[pid]["price"] = price
    cache.drop(pid)
    return jsonify(CATALOGUE[pid])


@app.delete("/cache")
def clear_cache():
    cache.clear()
    return "", 204


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
