import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# from pymongo import AsyncMongoClient

# TODO: connect: AsyncMongoClient(os.environ["MONGODB_URI"]); the database is
#       client.get_default_database(), the collection "users"; create a unique index on email
#       at startup (e.g. in a lifespan).

# TODO: POST   /users       -> 201 the user | 400 (names the field) | 409 duplicate email
# TODO: GET    /users       -> 200 [users]
# TODO: GET    /users/{id}  -> 200 | 400 not an ObjectId | 404
# TODO: PUT    /users/{id}  -> 200 | 400 | 404 | 409
# TODO: DELETE /users/{id}  -> 204 | 400 | 404
#       database errors -> 500 {"error": "..."}

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
