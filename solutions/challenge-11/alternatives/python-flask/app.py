# Alternative: Flask instead of Starlette, CORS written by hand in before/after_request hooks
# (no CORS extension); a preflight asking for a header outside the allow-list is answered 403.
import os

from flask import Flask, jsonify, request

app = Flask(__name__)

ALLOWED_METHODS = "GET, POST, PUT, DELETE"
ALLOWED_HEADERS = {"content-type", "authorization"}
SAFELISTED = {"accept", "accept-language", "content-language"}

ITEMS = [{"id": 1, "name": "alpha"}, {"id": 2, "name": "beta"}]


@app.before_request
def answer_preflight():
    if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
        return None
    asked = request.headers.get("Access-Control-Request-Headers", "")
    names = {h.strip().lower() for h in asked.split(",") if h.strip()}
    if names - ALLOWED_HEADERS - SAFELISTED:
        return jsonify(error="requested headers are not allowed"), 403
    response = app.make_default_options_response()
    response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
    return response


@app.after_request
def add_cors_headers(response):
    origin = request.headers.get("Origin")
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.vary.add("Origin")
    return response


@app.get("/api/data")
def list_data():
    return jsonify(items=ITEMS)


@app.post("/api/data")
def create_data():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="body must be a JSON object"), 400
    return jsonify(body), 201


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
