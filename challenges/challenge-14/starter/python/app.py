import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# The 95 items the endpoint pages through: {"id": 1, "name": "Item 1"} ... {"id": 95, "name": "Item 95"}.
ITEMS = [{"id": n, "name": f"Item {n}"} for n in range(1, 96)]

# TODO: GET /items?page=<n>&limit=<n>
#   - defaults: page 1, limit 10; both must be positive integers, limit at most 100 -> else 400 {"error": "..."}
#   - 200 {"data": [...the items of that page...], "page", "limit", "total", "totalPages"}
#   - a page after the last one -> 200 with "data": []
# Add the endpoint to the routes below, e.g. Route("/items", list_items, methods=["GET"]).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
