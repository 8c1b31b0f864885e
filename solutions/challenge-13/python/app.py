import itertools
import os
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

# In-memory store, keyed by id. The counter never goes back, so ids are never reused.
todos: dict[int, dict[str, Any]] = {}
new_id = itertools.count(1).__next__

MISSING = object()


def get_todo(request: Request) -> dict[str, Any]:
    raw = request.path_params["todo_id"]
    try:
        return todos[int(raw)]
    except (ValueError, KeyError):
        raise HTTPException(404, "todo not found") from None


async def json_object(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        raise HTTPException(400, "request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "request body must be a JSON object")
    return data


def check_title(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise HTTPException(400, "title must be a non-empty string")
    return value


def check_completed(value: Any) -> bool:
    if not isinstance(value, bool):
        raise HTTPException(400, "completed must be true or false")
    return value


async def list_todos(request: Request) -> JSONResponse:
    return JSONResponse(list(todos.values()))


async def create_todo(request: Request) -> JSONResponse:
    data = await json_object(request)
    title = check_title(data.get("title"))
    completed = check_completed(data.get("completed", False))
    todo = {"id": new_id(), "title": title, "completed": completed}
    todos[todo["id"]] = todo
    return JSONResponse(todo, status_code=201)


async def read_todo(request: Request) -> JSONResponse:
    return JSONResponse(get_todo(request))


async def update_todo(request: Request) -> JSONResponse:
    todo = get_todo(request)
    data = await json_object(request)
    changes = {}
    if (title := data.get("title", MISSING)) is not MISSING:
        changes["title"] = check_title(title)
    if (completed := data.get("completed", MISSING)) is not MISSING:
        changes["completed"] = check_completed(completed)
    if not changes:
        raise HTTPException(400, "send a title and/or completed to update")
    todo.update(changes)
    return JSONResponse(todo)


async def delete_todo(request: Request) -> Response:
    todo = get_todo(request)
    del todos[todo["id"]]
    return Response(status_code=204)


async def json_error(request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


app = Starlette(
    routes=[
        Route("/todos", list_todos, methods=["GET"]),
        Route("/todos", create_todo, methods=["POST"]),
        Route("/todos/{todo_id}", read_todo, methods=["GET"]),
        Route("/todos/{todo_id}", update_todo, methods=["PUT"]),
        Route("/todos/{todo_id}", delete_todo, methods=["DELETE"]),
    ],
    exception_handlers={HTTPException: json_error},
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
