# Alternative: aiohttp's own server (no ASGI, no uvicorn), a route table decorator, and products
# modelled as frozen dataclasses serialised per request; ids are integers, prices mixed int/float.
import os
from dataclasses import asdict, dataclass

from aiohttp import web


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float
    category: str


PRODUCTS = (
    Product(101, "Trail Running Shoes", 119.0, "footwear"),
    Product(102, "Merino Socks", 14.95, "footwear"),
    Product(103, "Headlamp", 32, "gear"),
)

routes = web.RouteTableDef()


@routes.get("/products")
async def list_products(request: web.Request) -> web.Response:
    return web.json_response([asdict(p) for p in PRODUCTS])


def make_app() -> web.Application:
    app = web.Application()
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
