# FastAPI instead of Starlette: the file is an `UploadFile` parameter (spooled by FastAPI), copied in
# chunks to uploads/<uuid hex>.<ext> only after the type and size checks; errors are HTTPExceptions.
import os
import shutil
import uuid
from pathlib import Path
from typing import Annotated

import uvicorn
from fastapi import FastAPI, File, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

UPLOAD_DIR = Path("uploads")
MAX_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif"}
ALLOWED_TYPES = {"image/jpeg", "image/png", "image/gif"}

app = FastAPI()


@app.exception_handler(HTTPException)
async def http_error(request: Request, exc: HTTPException):
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError):
    return JSONResponse({"error": "Expected a multipart form with a file part named 'file'"}, status_code=400)


def file_size(upload: UploadFile) -> int:
    if upload.size is not None:
        return upload.size
    upload.file.seek(0, os.SEEK_END)
    size = upload.file.tell()
    upload.file.seek(0)
    return size


@app.post("/upload", status_code=201)
async def upload(file: Annotated[UploadFile | None, File()] = None):
    if file is None:
        raise HTTPException(400, "No file uploaded (expected the form field 'file')")
    original = file.filename or ""
    extension = Path(original).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS or file.content_type not in ALLOWED_TYPES:
        raise HTTPException(400, "Only .jpg, .jpeg, .png and .gif images (image/jpeg, image/png, image/gif)")
    size = file_size(file)
    if size > MAX_BYTES:
        raise HTTPException(413, f"File too large: {size} bytes, the limit is {MAX_BYTES}")
    UPLOAD_DIR.mkdir(exist_ok=True)
    stored = f"{uuid.uuid4().hex}{extension}"
    file.file.seek(0)
    with open(UPLOAD_DIR / stored, "xb") as out:
        shutil.copyfileobj(file.file, out)
    return {"filename": stored, "originalName": original, "size": size, "mimetype": file.content_type}


@app.get("/uploads")
def list_uploads():
    files = sorted(p.name for p in UPLOAD_DIR.iterdir() if p.is_file()) if UPLOAD_DIR.is_dir() else []
    return {"files": files}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
