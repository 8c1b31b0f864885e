"""Alternative: a class-based Starlette HTTPEndpoint with its own head(), a hand-written range
parser and a StreamingResponse over 1 MiB chunks read in a worker thread (not FileResponse)."""
import os
import re
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.endpoints import HTTPEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

CHUNK = 1024 * 1024
RANGE_RE = re.compile(r"bytes=(\d+)-(\d+)")


def large_file() -> Path:
    return Path(os.environ.get("DATA_DIR", "data")) / "large.bin"


async def file_chunks(path: Path, start: int, length: int):
    with open(path, "rb") as f:
        await run_in_threadpool(f.seek, start)
        while length > 0:
            chunk = await run_in_threadpool(f.read, min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk


class Download(HTTPEndpoint):
    def base_headers(self, size: int) -> dict[str, str]:
        return {
            "Content-Type": "application/octet-stream",
            "Content-Disposition": 'attachment; filename="large.bin"',
            "Accept-Ranges": "bytes",
            "Content-Length": str(size),
        }

    async def head(self, request: Request):
        size = large_file().stat().st_size
        return Response(headers=self.base_headers(size))

    async def get(self, request: Request):
        path = large_file()
        size = path.stat().st_size
        match = RANGE_RE.fullmatch(request.headers.get("range", "").strip())
        if match and int(match[1]) <= int(match[2]) < size:
            start, end = int(match[1]), int(match[2])
            headers = self.base_headers(end - start + 1)
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
            return StreamingResponse(file_chunks(path, start, end - start + 1), status_code=206, headers=headers)
        return StreamingResponse(file_chunks(path, 0, size), headers=self.base_headers(size))


async def not_found(request: Request, exc: Exception):
    return JSONResponse({"error": f"{request.url.path} not found"}, status_code=404)


app = Starlette(routes=[Route("/download", Download)], exception_handlers={404: not_found, 405: not_found})

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
