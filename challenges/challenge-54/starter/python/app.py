import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: the OpenAPI 3 document (a dict): info, paths for every operation below, their
#       parameters, request body, responses and schemas (components.schemas Book, BookInput, Error).
# TODO: GET /openapi.json -> the document; GET /docs -> an HTML page showing it (Swagger UI from a CDN)

# TODO: GET    /books?limit=N  -> 200 [Book], 400 Error
# TODO: POST   /books          -> 201 Book, 400 Error
# TODO: GET    /books/{id}     -> 200 Book, 404 Error
# TODO: DELETE /books/{id}     -> 204, 404 Error

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
