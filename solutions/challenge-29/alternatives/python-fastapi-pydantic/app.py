"""Alternative: FastAPI with a Pydantic model (StrictStr email) and a RequestValidationError handler
turning FastAPI's 422 into the 400 the spec asks for; rules are generator steps that stop early."""
import os
import re

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StrictStr

app = FastAPI()

DOMAIN_CHARS = re.compile(r"[A-Za-z0-9.\-]*")
TLD = re.compile(r"[A-Za-z]{2,}")
WHITESPACE = re.compile(r"\s")


class EmailIn(BaseModel):
    email: StrictStr


@app.exception_handler(RequestValidationError)
async def bad_request(request: Request, exc: RequestValidationError):
    return JSONResponse({"error": "the body must be a JSON object with a string 'email'"}, status_code=400)


def broken_rules(email: str):
    if not email:
        yield "Email is required"
        return
    if len(email) > 254:
        yield "Email must be at most 254 characters"
    if WHITESPACE.search(email):
        yield "Email must not contain spaces"
    if email.count("@") != 1:
        yield "Email must contain exactly one @"
        return
    local, domain = email.split("@")
    if not local:
        yield "Local part must not be empty"
    if len(local) > 64:
        yield "Local part must be at most 64 characters"
    if not DOMAIN_CHARS.fullmatch(domain):
        yield "Domain may only contain letters, digits, hyphens and dots"
    if "." not in domain:
        yield "Domain must contain a dot"
        return
    labels = domain.split(".")
    if "" in labels:
        yield "Domain labels must not be empty"
    if any(label.startswith("-") or label.endswith("-") for label in labels):
        yield "Domain labels must not start or end with a hyphen"
    if not TLD.fullmatch(labels[-1]):
        yield "Top-level domain must be at least 2 letters"


@app.post("/validate-email")
def validate_email(payload: EmailIn):
    email = payload.email.strip(" \t\r\n\f\v")
    errors = list(broken_rules(email))
    return {"email": email, "valid": not errors, "errors": errors}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
