import json
import os

import nh3
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

MAX_LENGTH = 500


def bad_request(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


def clean(text: str) -> str:
    """Drops every tag (script and style with their content, nh3's default clean_content_tags),
    keeps the text, escapes &, < and >, then trims."""
    return nh3.clean(text, tags=set()).strip()


async def create_comment(request: Request) -> JSONResponse:
    try:
        payload = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return bad_request("Body must be valid JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        return bad_request('Body must be {"text": "<string>"}')

    comment = clean(payload["text"])
    if not comment:
        return bad_request("Comment must not be empty")
    if len(comment) > MAX_LENGTH:
        return bad_request(f"Comment must be at most {MAX_LENGTH} characters")
    return JSONResponse({"comment": comment}, status_code=201)


app = Starlette(routes=[Route("/comment", create_comment, methods=["POST"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
