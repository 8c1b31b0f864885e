import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader:
#   import psycopg; conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
#
# TODO: at start-up create (IF NOT EXISTS) the tables:
#   users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)
#   posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ..., title TEXT NOT NULL, body TEXT NOT NULL)
# TODO: POST   /users                    -> 201 user | 400
# TODO: GET    /users                    -> 200 [user + post_count, ...]
# TODO: GET    /users/{id}[?include=posts] -> 200 user (+ posts) | 404
# TODO: DELETE /users/{id}               -> 204 (its posts go too) | 404
# TODO: POST   /users/{id}/posts         -> 201 post | 404 | 400
# TODO: GET    /posts/{id}               -> 200 post + user | 404

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
