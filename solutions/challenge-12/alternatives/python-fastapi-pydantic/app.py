# Alternative: FastAPI with a pydantic model (StrictStr, a pattern, a trimming validator); its
# RequestValidationError (422 by default) is turned into the spec's 400 with one message per field.
import itertools
import os

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StrictStr, field_validator

EMAIL_PATTERN = r"^[^\s@]+@[^\s@]+\.[^\s@]+$"

app = FastAPI()
_ids = itertools.count(1)


class NewUser(BaseModel):
    name: StrictStr
    email: StrictStr = Field(pattern=EMAIL_PATTERN)

    @field_validator("name")
    @classmethod
    def name_long_enough(cls, value: str) -> str:
        value = value.strip()
        if len(value) < 2:
            raise ValueError("too short")
        return value


MESSAGES = {
    "name": "name is required and must be a string of at least 2 characters",
    "email": "email is required and must look like local@domain.tld",
}


@app.exception_handler(RequestValidationError)
async def validation_failed(request: Request, exc: RequestValidationError) -> JSONResponse:
    fields: list[str] = []
    for error in exc.errors():
        loc = error.get("loc", ())
        if len(loc) >= 2 and loc[0] == "body" and loc[1] in MESSAGES:
            if loc[1] not in fields:
                fields.append(loc[1])
        else:  # malformed JSON, or a body that is not an object
            return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
    return JSONResponse({"errors": [MESSAGES[f] for f in fields]}, status_code=400)


@app.post("/users", status_code=201)
async def create_user(user: NewUser) -> dict:
    return {"id": next(_ids), "name": user.name, "email": user.email}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
