import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: load a .env file from the working directory (python-dotenv's load_dotenv()); real
# environment variables must keep priority over the values in .env.

# TODO: GET /config -> 200 {"port": <the port the server listens on, an integer>,
#                           "apiKeyConfigured": <true when API_KEY is set and non-empty>}
# TODO: GET /secret -> X-API-Key header equal to API_KEY: 200 {"message": "Access granted"};
#                      wrong or missing header: 401 {"error": "..."};
#                      API_KEY not configured: 500 {"error": "..."}.
# Never send the value of API_KEY in a response.
# Add each endpoint to the routes below, e.g. Route("/config", config).

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    # TODO: read PORT from the configuration (default 3000).
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
