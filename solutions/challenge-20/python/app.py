import os
import shutil
import uuid
from pathlib import Path, PurePath

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

UPLOAD_DIR = Path("uploads")
MAX_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif"}
ALLOWED_TYPES = {"image/jpeg", "image/png", "image/gif"}


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def is_image(upload: UploadFile) -> bool:
    extension = PurePath(upload.filename or "").suffix.lower()
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    return extension in ALLOWED_EXTENSIONS and content_type in ALLOWED_TYPES


def save(upload: UploadFile, target: Path) -> None:
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out)


async def store(form) -> JSONResponse:
    file = form.get("file")
    if not isinstance(file, UploadFile):
        return error('No file uploaded (use the field name "file")', 400)
    if not is_image(file):
        return error("Only JPEG, PNG and GIF images are allowed", 400)
    if file.size is None or file.size > MAX_BYTES:
        return error("File too large (max 5 MiB)", 413)

    extension = PurePath(file.filename or "").suffix.lower()
    stored_name = f"{uuid.uuid4().hex}{extension}"
    UPLOAD_DIR.mkdir(exist_ok=True)
    await run_in_threadpool(save, file, UPLOAD_DIR / stored_name)
    return JSONResponse(
        {
            "filename": stored_name,
            "originalName": file.filename,
            "size": file.size,
            "mimetype": file.content_type,
        },
        status_code=201,
    )


async def upload(request: Request) -> JSONResponse:
    try:
        # File parts are spooled to a temporary file (closed when the block ends);
        # max_part_size only bounds text fields, so the file size is checked in store().
        async with request.form(max_files=1, max_fields=20, max_part_size=64 * 1024) as form:
            return await store(form)
    except HTTPException as exc:  # malformed multipart, too many files or fields
        return error(f"Malformed upload: {exc.detail}", 400)


async def list_uploads(request: Request) -> JSONResponse:
    names = sorted(p.name for p in UPLOAD_DIR.iterdir() if p.is_file()) if UPLOAD_DIR.is_dir() else []
    return JSONResponse({"files": names})


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    return error(str(exc.detail), exc.status_code)


routes = [
    Route("/upload", upload, methods=["POST"]),
    Route("/uploads", list_uploads, methods=["GET"]),
]

app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
