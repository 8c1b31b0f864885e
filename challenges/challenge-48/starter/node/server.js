const express = require('express');

const app = express();

// The services, found through the environment (never hard-code their addresses):
const USERS_SERVICE_URL = process.env.USERS_SERVICE_URL;
const PRODUCTS_REPLICAS = [process.env.PRODUCTS_SERVICE_1_URL, process.env.PRODUCTS_SERVICE_2_URL];
const GATEWAY_API_KEY = process.env.GATEWAY_API_KEY;
// TODO: read UPSTREAM_TIMEOUT_MS (default 2000).

// TODO: one log line per request: method, path, status.
// TODO: GET /health -> 200 {"status": "ok"} (no key needed)
// TODO: every other request needs X-API-Key === GATEWAY_API_KEY, else 401 {"error": "..."}
// TODO: /users/*    -> the users-service; /products/* -> the replicas, round-robin;
//       forward method, path, query, body, Content-Type, Accept and X-* (never X-API-Key);
//       pass back status, Content-Type and body; 404 for any other route.
// TODO: 5xx -> 502, unreachable -> 503 (try the other products replica first), timeout -> 504.

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Gateway listening on port ${PORT}`);
});
