"""Alternative: Flask (threaded) with a server-side dict store behind a lock; the cookie is an
unsigned secrets.token_urlsafe id (256 bits), expiry is absolute (from login), checked per request."""
import os
import secrets
import threading
import time

from flask import Flask, jsonify, request

SECRET = os.environ.get("SESSION_SECRET", "dev-secret")  # unused: the ids are random, not signed
MAX_AGE = int(os.environ.get("SESSION_MAX_AGE", "3600"))
COOKIE = "sid"

app = Flask(__name__)
store: dict[str, dict] = {}
store_lock = threading.Lock()


def live_session():
    """The (id, data) of the request's session, or (None, None)."""
    sid = request.cookies.get(COOKIE)
    if not sid:
        return None, None
    with store_lock:
        data = store.get(sid)
        if data is None:
            return None, None
        if time.time() >= data["expires"]:
            del store[sid]
            return None, None
        return sid, data


@app.post("/login")
def login():
    body = request.get_json(force=True, silent=True)
    username = body.get("username") if isinstance(body, dict) else None
    if not isinstance(username, str) or not username:
        return jsonify(error="username must be a non-empty string"), 400
    old_sid, _ = live_session()
    sid = secrets.token_urlsafe(32)
    with store_lock:
        if old_sid:
            store.pop(old_sid, None)
        store[sid] = {"username": username, "visits": 0, "expires": time.time() + MAX_AGE}
    response = jsonify(username=username)
    response.set_cookie(COOKIE, sid, max_age=MAX_AGE, path="/", httponly=True, samesite="Lax")
    return response


@app.get("/me")
def me():
    sid, data = live_session()
    if sid is None:
        return jsonify(error="not logged in"), 401
    with store_lock:
        data["visits"] += 1
        visits = data["visits"]
    return jsonify(username=data["username"], visits=visits)


@app.post("/logout")
def logout():
    sid, _ = live_session()
    if sid is None:
        return jsonify(error="not logged in"), 401
    with store_lock:
        store.pop(sid, None)
    response = jsonify(message="bye")
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax")
    return response


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
