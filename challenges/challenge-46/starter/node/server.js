const express = require('express');

const app = express();

// The services, found through the environment (never hard-code their addresses):
const USERS_SERVICE_URL = process.env.USERS_SERVICE_URL;
const ORDERS_SERVICE_URL = process.env.ORDERS_SERVICE_URL;
// TODO: read UPSTREAM_TIMEOUT_MS (default 2000).

// TODO: a helper that GETs a service URL with a timeout per attempt and at most 2 retries on
//       5xx / connection errors (never on a timeout or a 4xx).

// TODO: GET /health            -> 200 {"status": "ok"}
// TODO: GET /users/:id/orders  -> 200 {"user": ..., "orders": [...]}
//       404 (unknown user), 504 (timeout), 502 (5xx), 503 (unreachable): {"error": "..."}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
