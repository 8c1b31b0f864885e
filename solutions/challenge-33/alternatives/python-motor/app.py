"""A correct alternative to the reference: motor, ids shown as `_id`, a class-based endpoint,
errors through Starlette exception handlers."""
import os
import re
from contextlib import asynccontextmanager

import uvicorn
from bson import ObjectId
from bson.errors import InvalidId
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo.errors import DuplicateKeyError, PyMongoError
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

db = AsyncIOMotorClient(os.environ["MONGODB_URI"]).get_default_database()


def out(doc):
    return {**doc, "_id": str(doc["_id"])}


def check(body, partial):
    if not isinstance(body, dict):
        raise HTTPException(400, "body must be an object")
    clean, wrong = {}, []
    for field in ("name", "email", "age"):
        if field not in body:
            if not partial and field != "age":
                wrong.append(field)
            continue
        v = body[field]
        ok = {"name": lambda: isinstance(v, str) and v.strip() != "",
              "email": lambda: isinstance(v, str) and re.fullmatch(r"[^\s@]+@[^\s@]+\.[^\s@]+", v),
              "age": lambda: type(v) in (int, float) and v >= 0}[field]()
        if ok:
            clean[field] = v
        else:
            wrong.append(field)
    if wrong:
        raise HTTPException(400, "invalid: " + ", ".join(wrong))
    return clean


async def read_json(request):
    try:
        return await request.json()
    except Exception:
        raise HTTPException(400, "invalid JSON")


def oid(request):
    try:
        text = request.path_params["id"]
        if len(text) != 24:
            raise InvalidId(text)
        return ObjectId(text)
    except InvalidId:
        raise HTTPException(400, "not an ObjectId")


class Users(HTTPEndpoint):
    async def get(self, request):
        return JSONResponse([out(d) async for d in db.users.find()])

    async def post(self, request):
        doc = check(await read_json(request), partial=False)
        res = await db.users.insert_one(doc)
        return JSONResponse(out({**doc, "_id": res.inserted_id}), 201)


class OneUser(HTTPEndpoint):
    async def get(self, request):
        doc = await db.users.find_one({"_id": oid(request)})
        if doc is None:
            raise HTTPException(404, "not found")
        return JSONResponse(out(doc))

    async def put(self, request):
        _id = oid(request)
        changes = check(await read_json(request), partial=True)
        doc = await db.users.find_one_and_update({"_id": _id}, {"$set": changes}, return_document=True) if changes \
            else await db.users.find_one({"_id": _id})
        if doc is None:
            raise HTTPException(404, "not found")
        return JSONResponse(out(doc))

    async def delete(self, request):
        res = await db.users.delete_one({"_id": oid(request)})
        if not res.deleted_count:
            raise HTTPException(404, "not found")
        return Response(status_code=204)


async def http_error(request, exc):
    return JSONResponse({"error": exc.detail}, exc.status_code)


async def dup(request, exc):
    return JSONResponse({"error": "email taken"}, 409)


async def db_error(request, exc):
    return JSONResponse({"error": "database failure"}, 500)


@asynccontextmanager
async def lifespan(app):
    await db.users.create_index([("email", 1)], unique=True)
    yield


app = Starlette(routes=[Route("/users", Users), Route("/users/{id}", OneUser)], lifespan=lifespan,
                exception_handlers={HTTPException: http_error, DuplicateKeyError: dup, PyMongoError: db_error})

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", 3000)))
