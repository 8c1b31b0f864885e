import os

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route

# TODO: the token is the API_TOKEN environment variable, or "secret123" when it is unset or empty.

# TODO: the authentication check:
#       Authorization: Bearer <token> (scheme case-insensitive, token exact) -> the request goes
#       on with the user {"id": ..., "name": ...} attached (e.g. request.state.user);
#       anything else -> 401 {"error": "..."} with the header WWW-Authenticate: Bearer

# TODO: GET /public             -> 200, no authentication
# TODO: GET /protected          -> 200 {"message": "Access granted", "user": ...}
# TODO: GET /protected/profile  -> 200 {"user": ...}
#       (both protected)

routes = []

app = Starlette(routes=routes)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
