import contextlib
import os
import re
from datetime import datetime, timezone

import uvicorn
from bson import ObjectId
from pymongo import AsyncMongoClient, ReturnDocument
from pymongo.errors import DuplicateKeyError, PyMongoError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
FIELDS = ("name", "email", "age")

client = AsyncMongoClient(os.environ.get("MONGODB_URI", "mongodb://127.0.0.1:27017/users"))
users = client.get_default_database()["users"]


class Invalid(Exception):
    def __init__(self, status: int, message: str, fields: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.fields = status, fields or []


def error(status: int, message: str, fields: list[str] | None = None) -> JSONResponse:
    body = {"error": message}
    if fields:
        body["fields"] = fields
    return JSONResponse(body, status_code=status)


def validate(body, partial: bool) -> dict:
    """The user fields of `body`, checked; raises Invalid naming every bad field."""
    if not isinstance(body, dict):
        raise Invalid(400, "the body must be a JSON object")
    fields = {k: body[k] for k in FIELDS if k in body}
    bad = {}
    if "name" in fields or not partial:
        name = fields.get("name")
        if not isinstance(name, str) or not name.strip():
            bad["name"] = "name is required and must be a non-empty string"
        else:
            fields["name"] = name.strip()
    if "email" in fields or not partial:
        if not isinstance(fields.get("email"), str) or not EMAIL.match(fields["email"]):
            bad["email"] = "email is required and must be a valid address"
    if "age" in fields:
        age = fields["age"]
        if isinstance(age, bool) or not isinstance(age, (int, float)) or age < 0:
            bad["age"] = "age must be a number of at least 0"
    if bad:
        raise Invalid(400, "; ".join(bad.values()), sorted(bad))
    return fields


def object_id(request: Request) -> ObjectId:
    text = request.path_params["id"]
    if not ObjectId.is_valid(text) or len(text) != 24:
        raise Invalid(400, f"invalid id: {text}")
    return ObjectId(text)


def public(doc: dict) -> dict:
    out = {k: v for k, v in doc.items() if k not in ("_id", "createdAt")}
    out["id"] = str(doc["_id"])
    if "createdAt" in doc:
        out["createdAt"] = doc["createdAt"].isoformat()
    return out


async def json_body(request: Request):
    try:
        return await request.json()
    except ValueError:
        raise Invalid(400, "malformed JSON body") from None


def handled(endpoint):
    """Maps the errors of an endpoint (its own and the database's) to JSON answers."""
    async def wrapper(request: Request):
        try:
            return await endpoint(request)
        except Invalid as exc:
            return error(exc.status, str(exc), exc.fields)
        except DuplicateKeyError:
            return error(409, "email already exists", ["email"])
        except PyMongoError as exc:
            print(f"database error: {exc!r}")
            return error(500, "database error")
    return wrapper


@handled
async def create_user(request: Request):
    fields = validate(await json_body(request), partial=False)
    doc = {**fields, "createdAt": datetime.now(timezone.utc)}
    result = await users.insert_one(doc)
    doc["_id"] = result.inserted_id
    return JSONResponse(public(doc), status_code=201)


@handled
async def list_users(request: Request):
    return JSONResponse([public(doc) async for doc in users.find()])


@handled
async def get_user(request: Request):
    doc = await users.find_one({"_id": object_id(request)})
    return JSONResponse(public(doc)) if doc else error(404, "User not found")


@handled
async def update_user(request: Request):
    oid = object_id(request)
    fields = validate(await json_body(request), partial=True)
    if fields:
        doc = await users.find_one_and_update({"_id": oid}, {"$set": fields}, return_document=ReturnDocument.AFTER)
    else:
        doc = await users.find_one({"_id": oid})
    return JSONResponse(public(doc)) if doc else error(404, "User not found")


@handled
async def delete_user(request: Request):
    result = await users.delete_one({"_id": object_id(request)})
    return Response(status_code=204) if result.deleted_count else error(404, "User not found")


@contextlib.asynccontextmanager
async def lifespan(app):
    # The unique index makes MongoDB itself refuse a duplicate email (E11000), even under races.
    await users.create_index("email", unique=True)
    yield
    await client.close()


app = Starlette(
    routes=[
        Route("/users", create_user, methods=["POST"]),
        Route("/users", list_users, methods=["GET"]),
        Route("/users/{id}", get_user, methods=["GET"]),
        Route("/users/{id}", update_user, methods=["PUT"]),
        Route("/users/{id}", delete_user, methods=["DELETE"]),
    ],
    lifespan=lifespan,
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
