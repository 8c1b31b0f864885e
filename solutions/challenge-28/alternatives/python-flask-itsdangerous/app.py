"""Alternative: Flask with itsdangerous.Signer, werkzeug's own cookie quoting for special characters,
and validation failures raised with abort(400), rendered as JSON by an error handler."""
import os
import re

from flask import Flask, abort, jsonify, make_response, request
from itsdangerous import BadSignature, Signer

signer = Signer(os.environ.get("COOKIE_SECRET", "dev-secret"))
NAME = re.compile(r"[A-Za-z0-9_]{1,32}")
VALUE = re.compile(r"[!-+\--:<-~]{1,100}")  # printable ASCII except ',' and ';'

app = Flask(__name__)


@app.errorhandler(400)
def bad_request(exc):
    return jsonify(error=exc.description or "bad request"), 400


def unsign(raw: str):
    try:
        return signer.unsign(raw).decode()
    except BadSignature:
        return None


@app.post("/cookies")
def create():
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        abort(400, "the body must be a JSON object")
    name, value = body.get("name"), body.get("value")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        abort(400, "name: 1-32 letters, digits or _")
    if not isinstance(value, str) or not VALUE.fullmatch(value):
        abort(400, "value: 1-100 printable ASCII characters, no space, ';' or ','")
    response = make_response(jsonify(name=name, value=value), 201)
    response.set_cookie(name, signer.sign(value).decode(), max_age=86400, path="/",
                        httponly=True, samesite="Strict")
    return response


@app.get("/cookies")
def list_all():
    valid = {}
    for name, raw in request.cookies.items():
        value = unsign(raw)
        if value is not None:
            valid[name] = value
    return jsonify(cookies=valid)


@app.get("/cookies/<name>")
def read(name):
    raw = request.cookies.get(name)
    if raw is None:
        return jsonify(error="cookie not found"), 404
    value = unsign(raw)
    if value is None:
        return jsonify(error="signature check failed"), 401
    return jsonify(name=name, value=value)


@app.delete("/cookies/<name>")
def remove(name):
    response = make_response("", 204)
    response.delete_cookie(name, path="/", httponly=True, samesite="Strict")
    return response


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
