# Alternative: Flask; .env is read with dotenv_values() and merged UNDER os.environ into one settings
# dict (os.environ itself is never modified, Flask's own .env loading is off), hmac key comparison.
import hmac
import os

from dotenv import dotenv_values
from flask import Flask, jsonify, request

SETTINGS = {**{k: v for k, v in dotenv_values(".env").items() if v is not None}, **os.environ}
PORT = int(SETTINGS.get("PORT") or "3000")
API_KEY = SETTINGS.get("API_KEY") or None

app = Flask(__name__)


@app.get("/config")
def config():
    return jsonify(port=PORT, apiKeyConfigured=API_KEY is not None)


@app.get("/secret")
def secret():
    if API_KEY is None:
        return jsonify(error="no API key is configured"), 500
    given = request.headers.get("X-API-Key")
    if given is None or not hmac.compare_digest(given.encode(), API_KEY.encode()):
        return jsonify(error="unauthorized"), 401
    return jsonify(message="Access granted")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=PORT, threaded=True, load_dotenv=False)
