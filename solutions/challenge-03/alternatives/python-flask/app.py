# Alternative: Flask, whose request.args.get() already returns the FIRST of repeated values; limit is
# parsed by a small function that raises ValueError, turned into the 400 by an error handler.
import os
import re

from flask import Flask, jsonify, request

app = Flask(__name__)


class InvalidLimit(ValueError):
    pass


def parse_limit(raw: str | None) -> int:
    if raw is None:
        return 10
    if re.fullmatch(r"[0-9]+", raw) is None or not 1 <= int(raw) <= 100:
        raise InvalidLimit(f"limit must be an integer from 1 to 100, got {raw!r}")
    return int(raw)


@app.errorhandler(InvalidLimit)
def invalid_limit(exc: InvalidLimit):
    return jsonify(error=str(exc)), 400


@app.get("/search")
def search():
    return jsonify(q=request.args.get("q", ""), limit=parse_limit(request.args.get("limit")))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
