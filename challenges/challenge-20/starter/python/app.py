import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

MAX_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif"}
ALLOWED_TYPES = {"image/jpeg", "image/png", "image/gif"}


# TODO: async def upload(request) for POST /upload
#   - form = await request.form(); the file is the UploadFile in form.get("file")
#   - no file -> 400 {"error": "..."}
#   - extension (case-insensitive) or content_type not allowed -> 400 {"error": "..."}
#   - more than MAX_BYTES -> 413 {"error": "..."}
#   - otherwise store it in uploads/ under a unique name and answer
#     201 {"filename", "originalName", "size", "mimetype"} (JSONResponse defaults to 200)


# TODO: async def list_uploads(request) for GET /uploads -> {"files": [names in uploads/]}


routes = [
    # TODO: Route("/upload", upload, methods=["POST"]),
    # TODO: Route("/uploads", list_uploads, methods=["GET"]),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
