import csv
import io
import itertools
import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

USERS: list[dict] = []
NEXT_ID = itertools.count(1)
CSV_COLUMNS = ["id", "name", "email"]


async def create_user(request: Request) -> JSONResponse:
    try:
        payload = await request.json()
    except ValueError:
        return JSONResponse({"error": "Request body must be valid JSON"}, status_code=400)
    if not isinstance(payload, dict) or not all(isinstance(payload.get(k), str) for k in ("name", "email")):
        return JSONResponse({"error": "name and email must be strings"}, status_code=400)
    user = {"id": next(NEXT_ID), "name": payload["name"], "email": payload["email"]}
    USERS.append(user)
    return JSONResponse(user, status_code=201)


def users_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # excel dialect: RFC 4180 quoting, \r\n line endings
    writer.writerow(CSV_COLUMNS)
    writer.writerows([user[column] for column in CSV_COLUMNS] for user in USERS)
    return buffer.getvalue()


async def export_users(request: Request) -> Response:
    return Response(
        users_csv(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="users.csv"'},
    )


routes = [
    Route("/users", create_user, methods=["POST"]),
    Route("/export/users", export_users, methods=["GET"]),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
