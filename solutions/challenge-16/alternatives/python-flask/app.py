# Alternative: Flask instead of Starlette, sort keys from operator.itemgetter in a lookup table,
# descending order by sorted(reverse=True), and an errorhandler answering 400 as JSON.
import os
from operator import itemgetter

from flask import Flask, abort, jsonify, request

PRODUCTS = [
    {"id": 3, "name": "Webcam", "price": 59.5},
    {"id": 7, "name": "Router", "price": 74.9},
    {"id": 1, "name": "Keyboard", "price": 89.99},
    {"id": 8, "name": "Speaker", "price": 8.5},
    {"id": 5, "name": "Charger", "price": 19.99},
    {"id": 2, "name": "Monitor", "price": 249},
    {"id": 6, "name": "Laptop", "price": 999},
    {"id": 4, "name": "Headset", "price": 129},
]
SORT_KEYS = {"id": itemgetter("id"), "name": itemgetter("name"), "price": itemgetter("price")}
ORDERS = {"asc": False, "desc": True}  # the value is sorted()'s `reverse`

app = Flask(__name__)


@app.errorhandler(400)
def bad_request(error):
    return jsonify(error=error.description), 400


@app.get("/products")
def list_products():
    sort = request.args.get("sort", "id")
    order = request.args.get("order", "asc")
    if sort not in SORT_KEYS:
        abort(400, description=f"unknown sort field {sort!r}; use one of: id, name, price")
    if order not in ORDERS:
        abort(400, description=f"unknown order {order!r}; use asc or desc")
    return jsonify(sorted(PRODUCTS, key=SORT_KEYS[sort], reverse=ORDERS[order]))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
