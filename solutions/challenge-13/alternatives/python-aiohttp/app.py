# Alternative: aiohttp.web instead of Starlette, a class-based view per resource, ids that are
# JSON strings ("1", "2", ...) from a counter, and a middleware turning HTTP errors into JSON.
import itertools
import json
import os

from aiohttp import web

todos: dict[str, dict] = {}
_counter = itertools.count(1)


def json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@web.middleware
async def json_errors(request: web.Request, handler):
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status >= 400:
            return json_error(exc.status, exc.reason)
        raise


async def read_object(request: web.Request) -> dict:
    try:
        body = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(reason="Body is not valid JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(reason="Body must be a JSON object")
    return body


def valid_title(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise web.HTTPBadRequest(reason="title must be a non-empty string")
    return value.strip()


def valid_completed(value) -> bool:
    if not isinstance(value, bool):
        raise web.HTTPBadRequest(reason="completed must be a boolean")
    return value


class TodoCollection(web.View):
    async def get(self):
        return web.json_response(list(todos.values()))

    async def post(self):
        body = await read_object(self.request)
        title = valid_title(body.get("title"))
        completed = valid_completed(body["completed"]) if "completed" in body else False
        todo_id = str(next(_counter))
        todos[todo_id] = {"id": todo_id, "title": title, "completed": completed}
        return web.json_response(todos[todo_id], status=201)


class TodoItem(web.View):
    def todo(self) -> dict:
        todo = todos.get(self.request.match_info["id"])
        if todo is None:
            raise web.HTTPNotFound(reason="Todo not found")
        return todo

    async def get(self):
        return web.json_response(self.todo())

    async def put(self):
        todo = self.todo()
        body = await read_object(self.request)
        if "title" not in body and "completed" not in body:
            raise web.HTTPBadRequest(reason="send title and/or completed")
        title = valid_title(body["title"]) if "title" in body else todo["title"]
        completed = valid_completed(body["completed"]) if "completed" in body else todo["completed"]
        todo.update(title=title, completed=completed)
        return web.json_response(todo)

    async def delete(self):
        todos.pop(self.todo()["id"])
        return web.Response(status=204)


app = web.Application(middlewares=[json_errors])
app.router.add_view("/todos", TodoCollection)
app.router.add_view("/todos/{id}", TodoItem)

if __name__ == "__main__":
    web.run_app(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
