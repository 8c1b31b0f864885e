import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route


# TODO: async def aggregate(request) for POST /aggregate
#   - read the NDJSON body with `async for chunk in request.stream()` (up to 320 MiB; the server
#     has 256 MiB of memory): never `await request.body()`
#   - split it into lines (keep the incomplete last piece of each chunk for the next one)
#   - valid line: an object with a non-empty string `region` and an integer `amount`;
#     blank lines are skipped; every other line is rejected (counted, first 10 numbers kept)
#   - answer 200 application/x-ndjson: one {"region","count","sum","min","max"} line per
#     region (ascending), then {"lines","accepted","rejected","rejectedLines"}


routes = [
    # TODO: Route("/aggregate", aggregate, methods=["POST"]),
]

app = Starlette(routes=routes)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
