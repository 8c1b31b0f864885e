"""collector: an OTLP/HTTP traces endpoint that accepts anything posted to /v1/traces. What the server
exported is read by the suite from this upstream's request log, so this app only has to answer as an
OpenTelemetry collector does (200 with an empty partial-success object)."""

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def traces(request):
    await request.body()
    return JSONResponse({"partialSuccess": {}})


app = Starlette(routes=[Route("/v1/traces", traces, methods=["POST"])])
