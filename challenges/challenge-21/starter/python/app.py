import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route


# TODO: async def create_user(request) for POST /users {"name", "email"}
#   -> 201 {"id", "name", "email"}, ids 1, 2, 3, ... in creation order (kept in memory);
#   JSONResponse defaults to status 200, so pass status_code=201


# TODO: async def export_users(request) for GET /export/users
#   - media type text/csv, header Content-Disposition: attachment; filename="users.csv"
#   - body: header row id,name,email, then one row per user, quoted as RFC 4180 says
#     (csv.writer over an io.StringIO does it)


routes = [
    # TODO: Route("/users", create_user, methods=["POST"]),
    # TODO: Route("/export/users", export_users, methods=["GET"]),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
