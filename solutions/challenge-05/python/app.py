"""Reference solution for challenge-05 (GET /products), Starlette track."""

import os
from dataclasses import asdict, dataclass

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    price: float
    currency: str = "EUR"


CATALOGUE = (
    Product(id="sku-kbd-01", name="Mechanical Keyboard", price=89.99),
    Product(id="sku-hub-02", name="USB-C Hub", price=34.50),
    Product(id="sku-std-03", name="Laptop Stand", price=42),
    Product(id="sku-cbl-04", name="Braided Cable", price=0),
)

PRODUCTS_JSON = [asdict(product) for product in CATALOGUE]


async def list_products(request: Request) -> JSONResponse:
    return JSONResponse(PRODUCTS_JSON)


app = Starlette(routes=[Route("/products", list_products)])


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
