import os

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def homepage(request: Request) -> JSONResponse:
    return JSONResponse({"message": "ok"})


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def not_found(request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"error": "Not Found"}, status_code=404)


routes = [
    Route("/", homepage),
    Route("/health", health),
]

# The router raises HTTPException(404) when no route matches the path, whatever the method;
# this handler replaces Starlette's plain-text 404 with the JSON one.
app = Starlette(
    routes=routes,
    exception_handlers={404: not_found},
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
