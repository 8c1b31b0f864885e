import os
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# The grader puts large.bin (300 MiB) in the directory named by DATA_DIR.
DATA_DIR = Path(os.environ.get("DATA_DIR", "data"))
FILE_PATH = DATA_DIR / "large.bin"


# TODO: async def download(request) for GET /download (a GET route answers HEAD too)
#   - Content-Type application/octet-stream, Content-Length, Content-Disposition:
#     attachment; filename="large.bin"
#   - stream the file in chunks (never read it whole: the server has 256 MiB of memory, the
#     file is 300 MiB); Range: bytes=a-b -> 206 with Content-Range: bytes a-b/size
#   - starlette.responses.FileResponse does all of this


# TODO: every other path -> 404 {"error": "..."} (Starlette's default 404 is plain text)


routes = [
    # TODO: Route("/download", download, methods=["GET"]),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
