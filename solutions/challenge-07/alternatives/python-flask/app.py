# Alternative: Flask with a plain string converter (an <int:> converter would 404 on "abc" or "+500"),
# rejections raised with abort(400) and rendered as JSON by an HTTPException handler.
import os

from flask import Flask, abort, jsonify
from werkzeug.exceptions import HTTPException

PHRASES = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

app = Flask(__name__)


@app.errorhandler(HTTPException)
def json_error(exc: HTTPException):
    return jsonify(error=exc.description), exc.code


@app.get("/status/<code>")
def status(code: str):
    if not (code.isascii() and code.isdigit()) or int(code) not in PHRASES:
        abort(400, description=f"unsupported status code: {code}")
    number = int(code)
    return jsonify(code=number, message=PHRASES[number]), number


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
