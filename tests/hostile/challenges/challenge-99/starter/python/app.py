import os

import uvicorn
from starlette.applications import Starlette

app = Starlette(routes=[])
if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
