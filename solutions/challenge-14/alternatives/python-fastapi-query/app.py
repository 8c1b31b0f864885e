# Alternative: FastAPI with Query(pattern=...) parameters and a dependency computing the page;
# FastAPI's 422 validation errors and HTTPExceptions are rewritten as 400 {"error": ...}.
import math
import os
from typing import Annotated

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

TOTAL = 95
MAX_LIMIT = 100
ITEMS = [{"id": n, "name": f"Item {n}"} for n in range(1, TOTAL + 1)]
DIGITS = r"^[0-9]+$"

app = FastAPI()


@app.exception_handler(RequestValidationError)
async def invalid_query(request: Request, exc: RequestValidationError) -> JSONResponse:
    names = sorted({str(e["loc"][-1]) for e in exc.errors()})
    return JSONResponse({"error": f"invalid {', '.join(names)}: expected a positive integer"}, status_code=400)


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)


class Paging:
    def __init__(self,
                 page: Annotated[str, Query(pattern=DIGITS)] = "1",
                 limit: Annotated[str, Query(pattern=DIGITS)] = "10"):
        self.page = int(page)
        self.limit = int(limit)
        if self.page < 1:
            raise HTTPException(400, "page must be 1 or more")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise HTTPException(400, f"limit must be between 1 and {MAX_LIMIT}")


@app.get("/items")
def list_items(paging: Annotated[Paging, Depends()]) -> dict:
    start = (paging.page - 1) * paging.limit
    return {
        "data": ITEMS[start:start + paging.limit],
        "page": paging.page,
        "limit": paging.limit,
        "total": TOTAL,
        "totalPages": math.ceil(TOTAL / paging.limit),
    }


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
