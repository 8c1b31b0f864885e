# Alternative: FastAPI with a typed path parameter (str, so "007" stays "007") and a pydantic
# response model instead of a hand-built JSONResponse.
import os

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class UserFound(BaseModel):
    id: str
    message: str


@app.get("/users/{user_id}", response_model=UserFound)
async def get_user(user_id: str) -> UserFound:
    return UserFound(id=user_id, message="User found")


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
