import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader:
#   import psycopg; conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
#   with conn.transaction(): ...   # COMMIT at the end of the block, ROLLBACK if it raises
#
# TODO: at start-up create (IF NOT EXISTS):
#   accounts  (id SERIAL PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL)
#   transfers (id SERIAL PRIMARY KEY, from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, amount INTEGER NOT NULL)
# TODO: POST /accounts      -> 201 account | 400
# TODO: GET  /accounts/{id} -> 200 account | 404
# TODO: POST /transfers     -> 201 transfer | 400 | 404 | 409 | 500, all or nothing

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
