import os
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

DATA_DIR = Path(os.environ.get("DATA_DIR", "data"))
FILE_PATH = DATA_DIR / "large.bin"


async def download(request: Request) -> Response:
    if not FILE_PATH.is_file():
        return JSONResponse({"error": "File not found"}, status_code=404)
    # FileResponse streams the file in 64 KiB chunks, sets Content-Length from os.stat,
    # answers HEAD without a body and serves Range requests with 206 + Content-Range.
    return FileResponse(FILE_PATH, media_type="application/octet-stream", filename="large.bin")


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


routes = [
    Route("/download", download, methods=["GET"]),
]

app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
