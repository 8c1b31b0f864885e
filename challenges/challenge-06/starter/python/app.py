import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route


# TODO: hard-coded data (at least 2 items each)
#   users:    {"id", "name"}
#   posts:    {"id", "userId", "title"}   (userId = the id of one of the users)
#   comments: {"id", "postId", "body"}    (postId = the id of one of the posts)


# TODO: endpoints for GET /users, GET /posts and GET /comments,
#       each returning a JSONResponse with its list (status 200)


routes = [
    # TODO: Route("/users", ...), Route("/posts", ...), Route("/comments", ...),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
