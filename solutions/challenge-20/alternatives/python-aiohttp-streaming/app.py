# aiohttp with its streaming MultipartReader: the file is never held in memory, it is copied chunk
# by chunk to a temporary file outside uploads/ and renamed in only once complete and in bounds;
# an oversized file is cut off at the first byte over the limit.
import os
import secrets
import tempfile
from pathlib import Path

from aiohttp import web

UPLOADS = Path("uploads")
LIMIT = 5 * 1024 * 1024
CHUNK = 64 * 1024
EXTENSIONS = {"jpg", "jpeg", "png", "gif"}
MIME_TYPES = {"image/jpeg", "image/png", "image/gif"}


def fail(status, message):
    return web.json_response({"error": message}, status=status)


async def save_part(part):
    """Streams the part to a temporary file; (its path, size), or None when it exceeds LIMIT."""
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=".")
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := await part.read_chunk(CHUNK):
                size += len(chunk)
                if size > LIMIT:
                    raise OverflowError
                out.write(chunk)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp, size


async def upload(request):
    if not request.content_type.startswith("multipart/"):
        return fail(400, "send multipart/form-data with a file in the field 'file'")
    try:
        reader = await request.multipart()
        async for part in reader:
            if part.name != "file" or not part.filename:
                await part.release()
                continue
            original = part.filename
            extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
            mimetype = part.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if extension not in EXTENSIONS or mimetype not in MIME_TYPES:
                return fail(400, f"{original}: only JPEG, PNG and GIF images are accepted")
            try:
                tmp, size = await save_part(part)
            except OverflowError:
                return fail(413, f"{original} is larger than {LIMIT} bytes")
            UPLOADS.mkdir(exist_ok=True)
            stored = f"{secrets.token_urlsafe(12)}.{extension}"
            os.replace(tmp, UPLOADS / stored)
            return web.json_response(
                {"filename": stored, "originalName": original, "size": size, "mimetype": mimetype}, status=201)
    except ValueError as exc:  # a broken multipart body
        return fail(400, f"malformed multipart body: {exc}")
    return fail(400, "no file part named 'file'")


async def list_uploads(request):
    names = [p.name for p in UPLOADS.iterdir() if p.is_file()] if UPLOADS.is_dir() else []
    return web.json_response({"files": names})


app = web.Application()
app.router.add_post("/upload", upload)
app.router.add_get("/uploads", list_uploads)

if __name__ == "__main__":
    web.run_app(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
