import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route


# TODO: a hard-coded list of at least 3 products, each {"id", "name", "price"}
#   - id: string or number, unique
#   - name: non-empty string
#   - price: a number >= 0 (not a string)


# TODO: async def list_products(request) -> JSONResponse with the list (status 200)


routes = [
    # TODO: Route("/products", list_products),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
