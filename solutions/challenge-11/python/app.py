import os

import uvicorn
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ITEMS = [{"id": 1, "name": "alpha"}, {"id": 2, "name": "beta"}]


class DataEndpoint(HTTPEndpoint):
    async def get(self, request: Request) -> JSONResponse:
        return JSONResponse({"items": ITEMS})

    async def post(self, request: Request) -> JSONResponse:
        try:
            payload = await request.json()
        except ValueError:  # malformed JSON or bad encoding
            return JSONResponse({"error": "body must be valid JSON"}, status_code=400)
        return JSONResponse(payload, status_code=201)


# Any origin, with credentials: the regex matches every Origin, and CORSMiddleware then echoes
# that exact origin (plus Vary: Origin) instead of "*", which browsers refuse with credentials.
cors = Middleware(
    CORSMiddleware,
    allow_origin_regex=r".*",
    allow_credentials=True,
    allow_methods=["GET", "POST", "PUT", "DELETE"],
    allow_headers=["Content-Type", "Authorization"],
)

app = Starlette(
    routes=[Route("/api/data", DataEndpoint)],
    middleware=[cors],
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
