import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route


def json_content(schema):
    return {"application/json": {"schema": schema}}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def error(description):
    return {"description": description, "content": json_content(ref("Error"))}


ID_PARAM = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}

# The contract, written once: served as-is at /openapi.json and rendered by Swagger UI at /docs.
OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "Books API", "version": "1.0.0", "description": "An in-memory library of books."},
    "paths": {
        "/books": {
            "get": {
                "summary": "List books, oldest first",
                "operationId": "listBooks",
                "parameters": [{"name": "limit", "in": "query", "required": False,
                                "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}],
                "responses": {
                    "200": {"description": "The books", "content": json_content({"type": "array", "items": ref("Book")})},
                    "400": error("limit is not an integer from 1 to 100"),
                },
            },
            "post": {
                "summary": "Create a book",
                "operationId": "createBook",
                "requestBody": {"required": True, "content": json_content(ref("BookInput"))},
                "responses": {
                    "201": {"description": "The created book", "content": json_content(ref("Book"))},
                    "400": error("The body is not a valid book"),
                },
            },
        },
        "/books/{id}": {
            "get": {
                "summary": "Read a book",
                "operationId": "getBook",
                "parameters": [ID_PARAM],
                "responses": {"200": {"description": "The book", "content": json_content(ref("Book"))},
                              "404": error("No such book")},
            },
            "delete": {
                "summary": "Delete a book",
                "operationId": "deleteBook",
                "parameters": [ID_PARAM],
                "responses": {"204": {"description": "Deleted"}, "404": error("No such book")},
            },
        },
    },
    "components": {
        "schemas": {
            "BookInput": {
                "type": "object",
                "required": ["title", "author", "year"],
                "properties": {"title": {"type": "string", "minLength": 1},
                               "author": {"type": "string", "minLength": 1},
                               "year": {"type": "integer"}},
            },
            "Book": {
                "type": "object",
                "required": ["id", "title", "author", "year"],
                "properties": {"id": {"type": "integer", "minimum": 1}, "title": {"type": "string"},
                               "author": {"type": "string"}, "year": {"type": "integer"}},
            },
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        }
    },
}

DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Books API docs</title>
  <link rel="stylesheet" href="https://unpkg.com/swagger-ui-dist@5/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="https://unpkg.com/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });</script>
</body>
</html>
"""

books: dict[int, dict] = {}
next_id = 1


def non_empty(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def book_of(raw: str):
    return books.get(int(raw)) if raw.isdigit() else None


async def openapi(request: Request):
    return JSONResponse(OPENAPI)


async def docs(request: Request):
    return HTMLResponse(DOCS_PAGE)


async def list_books(request: Request):
    raw = request.query_params.get("limit", "20")
    limit = int(raw) if raw.isdigit() else 0
    if not 1 <= limit <= 100:
        return JSONResponse({"error": "limit must be an integer from 1 to 100"}, status_code=400)
    return JSONResponse(list(books.values())[:limit])


async def create_book(request: Request):
    global next_id
    try:
        body = await request.json()
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    title, author, year = body.get("title"), body.get("author"), body.get("year")
    if not non_empty(title) or not non_empty(author) or not isinstance(year, int) or isinstance(year, bool):
        return JSONResponse({"error": "title and author must be non-empty strings, year an integer"}, status_code=400)
    book = {"id": next_id, "title": title, "author": author, "year": year}
    books[next_id] = book
    next_id += 1
    return JSONResponse(book, status_code=201)


async def get_book(request: Request):
    book = book_of(request.path_params["id"])
    if book is None:
        return JSONResponse({"error": "book not found"}, status_code=404)
    return JSONResponse(book)


async def delete_book(request: Request):
    book = book_of(request.path_params["id"])
    if book is None:
        return JSONResponse({"error": "book not found"}, status_code=404)
    del books[book["id"]]
    return Response(status_code=204)


routes = [
    Route("/openapi.json", openapi),
    Route("/docs", docs),
    Route("/books", list_books, methods=["GET"]),
    Route("/books", create_book, methods=["POST"]),
    Route("/books/{id}", get_book, methods=["GET"]),
    Route("/books/{id}", delete_book, methods=["DELETE"]),
]

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
