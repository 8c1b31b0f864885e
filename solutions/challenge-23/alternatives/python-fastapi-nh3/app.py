# FastAPI with a Pydantic model (`text: StrictStr`) instead of hand-checking the JSON: invalid JSON,
# a non-object body or a non-string text are FastAPI validation errors, answered 400; nh3 sanitises.
import os

import nh3
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

MAX_LENGTH = 500

app = FastAPI()


class CommentIn(BaseModel):
    text: StrictStr


@app.exception_handler(RequestValidationError)
async def invalid_body(request: Request, exc: RequestValidationError):
    return JSONResponse({"error": 'The body must be a JSON object {"text": string}'}, status_code=400)


@app.exception_handler(HTTPException)
async def http_error(request: Request, exc: HTTPException):
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


@app.post("/comment", status_code=201)
def post_comment(body: CommentIn):
    comment = nh3.clean(body.text, tags=set()).strip()
    if not comment:
        raise HTTPException(400, "Comment must not be empty")
    if len(comment) > MAX_LENGTH:
        raise HTTPException(400, f"Comment must be at most {MAX_LENGTH} characters")
    return {"comment": comment}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
