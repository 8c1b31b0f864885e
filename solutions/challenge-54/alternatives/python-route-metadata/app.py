"""Alternative: the document is generated from metadata attached to each route (auto-generation),
OpenAPI 3.0 with components, a Swagger UI page with the spec embedded."""
import json
import os

import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

SCHEMAS = {
    "NewBook": {"type": "object", "required": ["title", "author", "year"],
                "properties": {"title": {"type": "string"}, "author": {"type": "string"}, "year": {"type": "integer"}}},
    "Book": {"allOf": [{"$ref": "#/components/schemas/NewBook"},
                       {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}]},
    "Problem": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
}
DB = {"books": [], "seq": 0}


def body(name, array=False):
    schema = {"$ref": f"#/components/schemas/{name}"}
    return {"application/json": {"schema": {"type": "array", "items": schema} if array else schema}}


def documented(**meta):
    def wrap(fn):
        fn.openapi = meta
        return fn
    return wrap


@documented(get={"summary": "list", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                 "responses": {"200": {"description": "books", "content": body("Book", True)},
                               "400": {"description": "bad limit", "content": body("Problem")}}},
            post={"summary": "create", "requestBody": {"content": body("NewBook")},
                  "responses": {"201": {"description": "created", "content": body("Book")},
                                "400": {"description": "invalid", "content": body("Problem")}}})
async def collection(request):
    if request.method == "GET":
        raw = request.query_params.get("limit", "20")
        if not raw.isdigit() or not 0 < int(raw) <= 100:
            return JSONResponse({"error": "limit must be 1..100"}, 400)
        return JSONResponse(DB["books"][: int(raw)])
    try:
        data = await request.json()
    except json.JSONDecodeError:
        data = None
    good = isinstance(data, dict) and all(isinstance(data.get(k), str) and data[k] for k in ("title", "author")) \
        and type(data.get("year")) is int
    if not good:
        return JSONResponse({"error": "invalid book"}, 400)
    DB["seq"] += 1
    book = {"id": DB["seq"], "title": data["title"], "author": data["author"], "year": data["year"]}
    DB["books"].append(book)
    return JSONResponse(book, 201)


ID = [{"name": "book_id", "in": "path", "required": True, "schema": {"type": "integer"}}]


@documented(get={"parameters": ID, "responses": {"200": {"description": "a book", "content": body("Book")},
                                                 "404": {"description": "none", "content": body("Problem")}}},
            delete={"parameters": ID, "responses": {"204": {"description": "deleted"},
                                                    "404": {"description": "none", "content": body("Problem")}}})
async def member(request):
    key = request.path_params["book_id"]
    found = [b for b in DB["books"] if str(b["id"]) == key]
    if not found:
        return JSONResponse({"error": "no such book"}, 404)
    if request.method == "DELETE":
        DB["books"].remove(found[0])
        return Response(status_code=204)
    return JSONResponse(found[0])


API = [Route("/books", collection, methods=["GET", "POST"]), Route("/books/{book_id}", member, methods=["GET", "DELETE"])]


def generate():
    return {"openapi": "3.0.3", "info": {"title": "Books", "version": "1"},
            "paths": {route.path: route.endpoint.openapi for route in API},
            "components": {"schemas": SCHEMAS}}


async def spec(request):
    return JSONResponse(generate())


async def docs(request):
    return HTMLResponse(f"""<html><head><link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"></head>
<body><div id="ui"></div><script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({{spec: {json.dumps(generate())}, dom_id: "#ui"}})</script></body></html>""")


app = Starlette(routes=[*API, Route("/openapi.json", spec), Route("/docs", docs)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
