import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader:
#   import psycopg; conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
#
# TODO: at start-up: CREATE TABLE IF NOT EXISTS books (id SERIAL PRIMARY KEY, title TEXT NOT NULL,
#                                                      author TEXT NOT NULL, year INTEGER)
# TODO: GET    /books[?author=NAME] -> 200 [book, ...]
# TODO: GET    /books/{id}          -> 200 book | 404 {"error": "..."}
# TODO: POST   /books               -> 201 book | 400   body {"title", "author", "year"?}
# TODO: PUT    /books/{id}          -> 200 book | 404 | 400 (partial update)
# TODO: DELETE /books/{id}          -> 204 | 404
# Always pass values as query parameters (%s with psycopg), never by building SQL text.

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
