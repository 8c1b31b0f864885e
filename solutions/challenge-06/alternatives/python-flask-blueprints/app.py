# Alternative: Flask with one Blueprint per resource and an application factory; the data lives in
# a dict keyed by collection, ids are integers and every list is returned through jsonify.
import os

from flask import Blueprint, Flask, jsonify

DATA = {
    "users": [
        {"id": 10, "name": "Margaret Hamilton"},
        {"id": 11, "name": "Dennis Ritchie"},
    ],
    "posts": [
        {"id": 20, "userId": 10, "title": "Apollo guidance software"},
        {"id": 21, "userId": 11, "title": "The C Programming Language"},
        {"id": 22, "userId": 11, "title": "Unix at fifty"},
    ],
    "comments": [
        {"id": 30, "postId": 20, "body": "To the moon!"},
        {"id": 31, "postId": 22, "body": "Everything is a file."},
    ],
}


def collection_blueprint(name: str) -> Blueprint:
    bp = Blueprint(name, __name__, url_prefix=f"/{name}")

    @bp.get("")
    def list_items():
        return jsonify(DATA[name])

    return bp


def create_app() -> Flask:
    app = Flask(__name__)
    app.url_map.strict_slashes = False
    for name in DATA:
        app.register_blueprint(collection_blueprint(name))
    return app


if __name__ == "__main__":
    create_app().run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
