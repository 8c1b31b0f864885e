import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# import io
# from PIL import Image

# TODO: POST /images/resize (multipart: image, width, height, format), with `await request.form()`
#       413 {"error"} when the file is larger than 2 MiB
#       400 {"error"} for a missing image or bad width/height/format
#       415 {"error"} when the content is not a JPEG, PNG or WebP image
#       200 the resized image (fit inside the box, aspect kept, never enlarged),
#           converted to `format` (default: the input's), with its Content-Type

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
