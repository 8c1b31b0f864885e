const express = require('express');

const app = express();

// The service, found through the environment (never hard-code its address):
const PRICING_SERVICE_URL = process.env.PRICING_SERVICE_URL;
// TODO: read BREAKER_FAILURE_THRESHOLD (default 5), BREAKER_OPEN_MS (default 10000) and
//       UPSTREAM_TIMEOUT_MS (default 2000).

// TODO: the breaker: closed -> (N consecutive failures) -> open -> (BREAKER_OPEN_MS) -> half-open,
//       where one trial call closes it (success) or re-opens it (failure).

// TODO: GET /prices/:sku -> the service's price with "fallback": false, 404 for an unknown sku,
//       else the fallback: 200 last known price with "fallback": true, or 503 {"error", "fallback": true}
// TODO: GET /breaker     -> {"state": "closed" | "open" | "half-open", "failures": n}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
