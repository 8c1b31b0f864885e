# No sanitiser package: the standard library's html.parser tokenises the comment (a real HTML
# tokenizer, not a regex filter), keeps only text outside <script>/<style>, then html.escape()s it;
# Starlette with a class-based HTTPEndpoint.
import html
import os
from html.parser import HTMLParser

import uvicorn
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.responses import JSONResponse
from starlette.routing import Route

MAX_LENGTH = 500
DROP_WITH_CONTENT = {"script", "style"}


class TextExtractor(HTMLParser):
    """Collects the text between tags; tags, comments, doctypes and script/style content vanish."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities decoded here, re-escaped by html.escape
        self.parts = []
        self.skipping = None

    def handle_starttag(self, tag, attrs):
        if tag in DROP_WITH_CONTENT and self.skipping is None:
            self.skipping = tag

    def handle_endtag(self, tag):
        if tag == self.skipping:
            self.skipping = None

    def handle_data(self, data):
        if self.skipping is None:
            self.parts.append(data)


def sanitise(text: str) -> str:
    parser = TextExtractor()
    parser.feed(text)
    parser.close()
    return html.escape("".join(parser.parts), quote=False)


def bad_request(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


class Comment(HTTPEndpoint):
    async def post(self, request):
        try:
            body = await request.json()
        except ValueError:
            return bad_request("The body is not valid JSON")
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            return bad_request('Expected a JSON object with a string "text"')
        comment = sanitise(body["text"]).strip()
        if not comment:
            return bad_request("The comment is empty")
        if len(comment) > MAX_LENGTH:
            return bad_request(f"The comment is longer than {MAX_LENGTH} characters")
        return JSONResponse({"comment": comment}, status_code=201)


app = Starlette(routes=[Route("/comment", Comment)])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
