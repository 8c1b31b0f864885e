# Alternative: FastAPI, whose default 404 is {"detail": "Not Found"}; an exception handler for
# Starlette's HTTPException rewrites 404s (any method) as {"error": "Not Found"}, others keep theirs.
import os

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.exception_handler(StarletteHTTPException)
async def not_found_as_json(request: Request, exc: StarletteHTTPException):
    if exc.status_code == 404:
        return JSONResponse({"error": "Not Found"}, status_code=404)
    return await http_exception_handler(request, exc)


@app.get("/")
async def index() -> dict[str, str]:
    return {"message": "ok"}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
