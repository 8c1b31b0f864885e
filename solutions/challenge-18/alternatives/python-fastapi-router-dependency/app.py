# FastAPI: the protected group is an APIRouter whose `dependencies=` run the check before every route
# in it; the dependency raises HTTPException(401, headers={"WWW-Authenticate": ...}), the routes get
# the user through Depends (the same dependency is cached per request).
import os
from typing import Annotated

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse

API_TOKEN = os.environ.get("API_TOKEN") or "secret123"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="protected"'}


def current_user(authorization: Annotated[str | None, Header()] = None) -> dict:
    if authorization is None:
        raise HTTPException(401, "No credentials were sent", headers=CHALLENGE)
    scheme, _, token = authorization.partition(" ")
    if scheme.casefold() != "bearer" or token != API_TOKEN:
        raise HTTPException(401, "The bearer token is not valid", headers=CHALLENGE)
    return {"id": "u-1", "name": "FastAPI User"}


User = Annotated[dict, Depends(current_user)]

protected = APIRouter(prefix="/protected", dependencies=[Depends(current_user)])


@protected.get("")
def protected_index(user: User):
    return {"message": "Access granted", "user": user}


@protected.get("/profile")
def protected_profile(user: User):
    return {"user": user}


app = FastAPI()
app.include_router(protected)


@app.exception_handler(HTTPException)
async def http_exception(request: Request, exc: HTTPException):
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


@app.get("/public")
def public():
    return {"message": "Public content"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
