"""Alternative: Flask (WSGI, threaded dev server) with send_file(conditional=True): werkzeug streams
the file through wsgi.file_wrapper and answers Range and HEAD itself; JSON 404s by an errorhandler."""
import os
from pathlib import Path

from flask import Flask, jsonify, request, send_file

app = Flask(__name__)


@app.get("/download")
def download():
    path = Path(os.environ.get("DATA_DIR", "data")) / "large.bin"
    return send_file(path, mimetype="application/octet-stream", as_attachment=True,
                     download_name="large.bin", conditional=True, etag=False)


@app.errorhandler(404)
def not_found(exc):
    return jsonify(error=f"{request.path} not found"), 404


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")), threaded=True)
