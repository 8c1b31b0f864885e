# Alternative: Flask instead of Starlette/uvicorn; the route returns a dict, which Flask
# serialises with jsonify (Content-Type application/json, no charset parameter).
import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return {"message": "Hello World"}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
