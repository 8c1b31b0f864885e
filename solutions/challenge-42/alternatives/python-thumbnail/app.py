"""Alternative to the Pillow reference: Image.thumbnail (which never enlarges and picks the other
side's rounding itself), detection restricted with Image.open(formats=...), one validation table."""

import io
import os
import re

import uvicorn
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

LIMIT = 2 << 20
OUTPUT = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
SIDE = re.compile(r"[1-9][0-9]{0,3}")
UNBOUNDED = 1 << 20


def bad(status, why):
    return JSONResponse({"error": why}, status)


def parse_side(raw):
    if raw is None:
        return None, None
    if not SIDE.fullmatch(raw) or int(raw) > 4000:
        return None, f"{raw!r} is not an integer from 1 to 4000"
    return int(raw), None


async def resize(request: Request):
    async with request.form() as form:
        upload = form.get("image")
        if upload is None or isinstance(upload, str):
            return bad(400, "missing file part 'image'")
        (width, e1), (height, e2) = parse_side(form.get("width")), parse_side(form.get("height"))
        if e1 or e2:
            return bad(400, e1 or e2)
        if width is None and height is None:
            return bad(400, "give width, height or both")
        target = form.get("format")
        if target is not None and target not in OUTPUT:
            return bad(400, f"unsupported output format {target!r}")
        blob = await upload.read()
    if len(blob) > LIMIT:
        return bad(413, f"{len(blob)} bytes is over the 2 MiB limit")
    try:
        picture = Image.open(io.BytesIO(blob), formats=list(OUTPUT.values()))
        picture.load()
    except Exception:
        return bad(415, "upload a JPEG, PNG or WebP image")
    pil_format = OUTPUT[target] if target else picture.format
    picture.thumbnail((width or UNBOUNDED, height or UNBOUNDED), Image.Resampling.BICUBIC)
    if pil_format == "JPEG":
        picture = picture.convert("RGB")
    out = io.BytesIO()
    picture.save(out, pil_format)
    return Response(out.getvalue(), headers={"Content-Type": Image.MIME[pil_format]})


app = Starlette(routes=[Route("/images/resize", resize, methods=["POST"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
