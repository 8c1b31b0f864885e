const express = require('express');
// const client = require('prom-client');

const app = express();
app.use(express.json());

// TODO: a Registry with the default process metrics, a counter http_requests_total and a
//       histogram http_request_duration_seconds, both labelled method / route / status.
// TODO: a middleware that times every request and records it when the response is finished,
//       under the route TEMPLATE (req.route.path, e.g. "/api/items/:id"), never the raw path.

// TODO: GET  /api/items        -> 200 [{"id": ..., "name": ...}, ...]
// TODO: POST /api/items        -> 201 the created item; 400 {"error"} without a "name" string
// TODO: GET  /api/items/:id    -> 200 the item, 404 {"error"}
// TODO: GET  /api/slow?ms=N    -> waits N ms (0..2000), then 200 {"waited": N}
// TODO: GET  /api/fail         -> 500 {"error": "..."}
// TODO: GET  /health           -> 200 {"status": "ok", "uptime": <seconds>}
// TODO: GET  /metrics          -> the Prometheus text exposition

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
