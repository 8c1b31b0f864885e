# Alternative: Flask, the line printed from a before_request hook (which also runs for unmatched
# routes) at arrival, with a whole-second "Z" timestamp; werkzeug's own access lines are left on.
import os
from datetime import datetime, timezone

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.before_request
def log_request() -> None:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"[{request.method}] {request.path} - {stamp}", flush=True)


@app.get("/")
def root():
    return jsonify(message="ok")


@app.post("/echo")
def echo():
    return jsonify(request.get_json())


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
