import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# DATABASE_URL (and PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) come from the grader:
#   import psycopg; conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
#
# TODO: before uvicorn.run, run the migrations in ./migrations (next to app.py):
#   - CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL,
#                                                   applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
#   - every file <version>_<name>.sql not recorded yet, in NUMERIC order of <version>, each in its own
#     transaction (with conn.transaction(): the file's SQL, then INSERT INTO schema_migrations)
#   - a migration that fails: rolled back, logged, and the process exits non-zero (sys.exit("..."))
# TODO: add migrations/002_....sql: notes.body TEXT NOT NULL DEFAULT '', notes.created_at TIMESTAMPTZ NOT NULL DEFAULT now()
# TODO: GET /migrations -> 200 [{version, name, applied_at}, ...] by version
# TODO: GET /notes, POST /notes {title, body?} -> 201 note

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
