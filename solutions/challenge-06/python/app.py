"""Reference solution for challenge-06 (GET /users, /posts, /comments), Starlette track."""

import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

USERS = [
    {"id": "u-ada", "name": "Ada Lovelace", "email": "ada@example.com"},
    {"id": "u-linus", "name": "Linus Torvalds", "email": "linus@example.org"},
]

POSTS = [
    {"id": "p-engine", "userId": "u-ada", "title": "Notes on the Analytical Engine"},
    {"id": "p-kernel", "userId": "u-linus", "title": "Just a hobby, won't be big"},
    {"id": "p-poetry", "userId": "u-ada", "title": "Poetical Science"},
]

COMMENTS = [
    {"id": "c-1", "postId": "p-kernel", "body": "Famous last words."},
    {"id": "c-2", "postId": "p-engine", "body": "The first program!"},
]


def listing(items: list[dict]):
    """Build an endpoint that answers every GET with the same collection."""

    async def endpoint(request: Request) -> JSONResponse:
        return JSONResponse(items)

    return endpoint


app = Starlette(
    routes=[
        Route("/users", listing(USERS)),
        Route("/posts", listing(POSTS)),
        Route("/comments", listing(COMMENTS)),
    ]
)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
