import hmac
import os
from dataclasses import dataclass

import uvicorn
from dotenv import load_dotenv
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

# Read .env from the app's folder; variables already in the environment win (no override).
load_dotenv()


@dataclass(frozen=True)
class Settings:
    port: int
    api_key: str | None

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            port=int(os.environ.get("PORT") or 3000),
            api_key=os.environ.get("API_KEY") or None,
        )


settings = Settings.from_env()


async def show_config(request: Request) -> JSONResponse:
    return JSONResponse({"port": settings.port, "apiKeyConfigured": settings.api_key is not None})


async def secret(request: Request) -> JSONResponse:
    if settings.api_key is None:
        return JSONResponse({"error": "server misconfigured: no API key"}, status_code=500)
    provided = request.headers.get("x-api-key", "")
    if not hmac.compare_digest(provided.encode(), settings.api_key.encode()):
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    return JSONResponse({"message": "Access granted"})


app = Starlette(
    routes=[
        Route("/config", show_config, methods=["GET"]),
        Route("/secret", secret, methods=["GET"]),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=settings.port)
