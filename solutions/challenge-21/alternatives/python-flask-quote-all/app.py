# Flask instead of Starlette, and the CSV is written by hand rather than with the csv module: every
# field quoted (inner quotes doubled), CRLF row ends, a UTF-8 byte order mark for spreadsheets.
import itertools
import os
import threading

from flask import Flask, Response, jsonify, request

app = Flask(__name__)
users = []
lock = threading.Lock()
next_id = itertools.count(1)


def quote(value):
    return '"' + str(value).replace('"', '""') + '"'


def csv_row(values):
    return ",".join(quote(v) for v in values) + "\r\n"


@app.post("/users")
def create_user():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not isinstance(body.get("email"), str):
        return jsonify(error="Expected a JSON object with string fields name and email"), 400
    with lock:
        user = {"id": next(next_id), "name": body["name"], "email": body["email"]}
        users.append(user)
    return jsonify(user), 201


@app.get("/export/users")
def export_users():
    with lock:
        snapshot = list(users)
    text = "\ufeff" + csv_row(["id", "name", "email"])
    text += "".join(csv_row([u["id"], u["name"], u["email"]]) for u in snapshot)
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=users.csv"},
    )


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
