# FastAPI: HTTPBearer(auto_error=False) extracts the token, a dependency verifies it with PyJWT
# (HS256 only, exp required, 30 s leeway) and a second dependency built on it demands role "admin".
import os
from typing import Annotated

import jwt
import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

SECRET = os.environ.get("JWT_SECRET")
if not SECRET:
    raise SystemExit("JWT_SECRET is required")

bearer_scheme = HTTPBearer(auto_error=False)
app = FastAPI()


@app.exception_handler(HTTPException)
async def as_error_json(request: Request, exc: HTTPException):
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def claims(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]) -> dict:
    if credentials is None:
        raise HTTPException(401, "A Bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    try:
        return jwt.decode(credentials.credentials, SECRET, algorithms=["HS256"], leeway=30,
                          options={"require": ["exp"]})
    except jwt.PyJWTError as exc:
        raise HTTPException(401, f"Invalid token ({type(exc).__name__})",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None


Claims = Annotated[dict, Depends(claims)]


def admin_claims(user: Claims) -> dict:
    if user.get("role") != "admin":
        raise HTTPException(403, "This needs the admin role")
    return user


@app.get("/profile")
def profile(user: Claims):
    return {"user": user}


@app.get("/admin")
def admin(user: Annotated[dict, Depends(admin_claims)]):
    return {"message": f"Welcome to the admin area, {user.get('sub')}"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
