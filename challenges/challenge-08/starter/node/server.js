const express = require('express');

const app = express();

// TODO: a logging middleware that prints one line per request to stdout:
//   [METHOD] PATH - TIMESTAMP
// e.g. "[GET] /users - 2026-11-21T14:03:07.123Z" (path without the query string,
// ISO 8601 timestamp in UTC). It must run for every request, then let the request continue.

// TODO: GET /     -> 200 {"message": "ok"}
// TODO: POST /echo -> 200 with the JSON body it received

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
