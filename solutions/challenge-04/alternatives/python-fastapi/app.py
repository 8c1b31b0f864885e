# Alternative: FastAPI with a pydantic model of strict strings (no coercion of numbers); FastAPI's
# 422 validation errors, malformed JSON included, are turned into 400 {"error", "details"}.
import itertools
import os

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

app = FastAPI()
_ids = itertools.count(1)


class NewUser(BaseModel):
    name: StrictStr
    email: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    return JSONResponse({"error": "invalid request body", "details": details}, status_code=400)


@app.post("/users", status_code=201)
async def create_user(user: NewUser) -> dict:
    return {"id": next(_ids), "name": user.name, "email": user.email}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
