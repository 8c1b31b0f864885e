import io
import os

import uvicorn
from PIL import Image, UnidentifiedImageError
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
# our format name -> (Pillow's name, MIME type)
FORMATS = {"jpeg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png"), "webp": ("WEBP", "image/webp")}
FROM_PILLOW = {pil: ours for ours, (pil, _) in FORMATS.items()}


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class BadSide(ValueError):
    pass


def side(value):
    """A box side: None when absent; BadSide unless an integer from 1 to MAX_SIDE."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_SIDE:
        raise BadSide(text)
    return int(text)


def fit_inside(size, width, height):
    """The size that fits the box keeping the aspect ratio; never larger than the original."""
    w, h = size
    scale = min(s / o for s, o in ((width, w), (height, h)) if s is not None)
    if scale >= 1:
        return w, h
    return max(1, round(w * scale)), max(1, round(h * scale))


async def resize(request: Request):
    form = await request.form()
    try:
        file = form.get("image")
        if not isinstance(file, UploadFile):
            return error(400, "an image file part is required")
        try:
            width, height = side(form.get("width")), side(form.get("height"))
        except BadSide:
            return error(400, f"width and height must be integers from 1 to {MAX_SIDE}")
        if width is None and height is None:
            return error(400, "width or height is required")
        asked = form.get("format")
        if asked is not None and asked not in FORMATS:
            return error(400, "format must be jpeg, png or webp")
        data = await file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return error(413, "the image is larger than 2 MiB")
        try:
            image = Image.open(io.BytesIO(data))  # decided by the content, not the name or type
            if image.format not in FROM_PILLOW:
                raise UnidentifiedImageError(image.format)
            image.load()
        except (UnidentifiedImageError, OSError, SyntaxError):
            return error(415, "not a JPEG, PNG or WebP image")
        fmt = asked or FROM_PILLOW[image.format]
        pil_name, mime = FORMATS[fmt]
        out = image.resize(fit_inside(image.size, width, height), Image.Resampling.LANCZOS)
        if pil_name == "JPEG" and out.mode not in ("RGB", "L"):
            out = out.convert("RGB")  # JPEG has no alpha channel
        buffer = io.BytesIO()
        out.save(buffer, format=pil_name)
        return Response(buffer.getvalue(), media_type=mime)
    finally:
        await form.close()


routes = [Route("/images/resize", resize, methods=["POST"])]

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
