# Flask: before_request/after_request hooks time each request (404s included, Flask runs the hooks
# for them too) and the line goes through the logging module, a FileHandler on access.log (mode "a").
import logging
import os
import time

from flask import Flask, g, jsonify, request

PRODUCTION = os.environ.get("NODE_ENV") == "production"

access_log = logging.getLogger("access")
access_log.setLevel(logging.INFO)
access_log.propagate = False
_handler = logging.FileHandler("access.log", mode="a", encoding="utf-8")
_handler.setFormatter(logging.Formatter("%(message)s"))
access_log.addHandler(_handler)

app = Flask(__name__)


@app.before_request
def start_timer():
    g.started = time.perf_counter()


@app.after_request
def log_request(response):
    env = request.environ
    target = env.get("REQUEST_URI") or env.get("RAW_URI") or request.full_path.rstrip("?")
    length = response.headers.get("Content-Length", "-")
    if PRODUCTION:
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        protocol = env.get("SERVER_PROTOCOL", "HTTP/1.1")
        access_log.info('%s - - [%s] "%s %s %s" %s %s "%s" "%s"', request.remote_addr, stamp, request.method, target,
                        protocol, response.status_code, length, request.headers.get("Referer", "-"),
                        request.headers.get("User-Agent", "-"))
    else:
        elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        access_log.info("%s %s %s %.3f ms - %s", request.method, target, response.status_code, elapsed_ms, length)
    return response


@app.get("/")
def index():
    return jsonify(message="ok")


@app.get("/users/<user_id>")
def user(user_id):
    return jsonify(id=user_id)


@app.post("/echo")
def echo():
    return jsonify(request.get_json(force=True))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
