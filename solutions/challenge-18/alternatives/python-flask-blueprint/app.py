# Flask instead of Starlette: the protected group is a Blueprint whose before_request hook is the
# middleware (it short-circuits with a 401 or stores the user on flask.g); the 401 says realm="api".
import os

from flask import Blueprint, Flask, g, jsonify, request

API_TOKEN = os.environ.get("API_TOKEN") or "secret123"

app = Flask(__name__)
protected = Blueprint("protected", __name__, url_prefix="/protected")


def unauthorized(message):
    response = jsonify(error=message)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@protected.before_request
def require_bearer_token():
    header = request.headers.get("Authorization")
    if header is None:
        return unauthorized("Missing Authorization header")
    scheme, sep, token = header.partition(" ")
    if not sep or scheme.lower() != "bearer" or token != API_TOKEN:
        return unauthorized("Invalid credentials")
    g.user = {"id": 42, "name": "Flask User"}
    return None


@protected.get("")
def protected_index():
    return jsonify(message="Access granted", user=g.user)


@protected.get("/profile")
def protected_profile():
    return jsonify(user=g.user)


@app.get("/public")
def public():
    return jsonify(message="Public content")


app.register_blueprint(protected)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
