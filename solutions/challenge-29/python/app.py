import os
import re
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

MAX_LENGTH = 254
MAX_LOCAL_LENGTH = 64
WHITESPACE = re.compile(r"\s")
DOMAIN_CHARS = re.compile(r"[A-Za-z0-9.-]*")
TLD = re.compile(r"[A-Za-z]{2,}")


def email_problems(email: str) -> Iterator[str]:
    """Yields the message of every broken rule, in the order the spec lists them."""
    if not email:
        yield "Email is required"
        return
    if len(email) > MAX_LENGTH:
        yield f"Email must be at most {MAX_LENGTH} characters"
    if WHITESPACE.search(email):
        yield "Email must not contain spaces"
    if email.count("@") != 1:
        yield "Email must contain exactly one @"
        return

    local, domain = email.split("@")
    if not local:
        yield "Local part must not be empty"
    if len(local) > MAX_LOCAL_LENGTH:
        yield f"Local part must be at most {MAX_LOCAL_LENGTH} characters"
    if not DOMAIN_CHARS.fullmatch(domain):
        yield "Domain may only contain letters, digits, hyphens and dots"
    if "." not in domain:
        yield "Domain must contain a dot"
        return

    labels = domain.split(".")
    if not all(labels):
        yield "Domain labels must not be empty"
    if any(label.startswith("-") or label.endswith("-") for label in labels):
        yield "Domain labels must not start or end with a hyphen"
    if not TLD.fullmatch(labels[-1]):
        yield "Top-level domain must be at least 2 letters"


async def validate_email(request: Request) -> JSONResponse:
    try:
        data = await request.json()
    except ValueError:
        return JSONResponse({"error": "request body is not valid JSON"}, status_code=400)
    if not isinstance(data, dict) or not isinstance(data.get("email"), str):
        return JSONResponse({"error": 'expected a JSON object with a string "email"'}, status_code=400)

    email = data["email"].strip()
    errors = list(email_problems(email))
    return JSONResponse({"email": email, "valid": not errors, "errors": errors})


app = Starlette(routes=[Route("/validate-email", validate_email, methods=["POST"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
