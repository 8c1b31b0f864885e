const express = require('express');

const app = express();

// TODO: read RATE_LIMIT_MAX (default 5) and RATE_LIMIT_WINDOW_MS (default 60000).

// TODO: a rate limiter per client (the first X-Forwarded-For address, else the connection's IP):
//       request MAX + 1 within the window -> 429 {"error": "..."} with a Retry-After header
//       (express-rate-limit is available, or write it yourself)

// TODO: GET /api/resource -> 200 {"ok": true}   (rate-limited)
// TODO: GET /health       -> 200 {"status": "ok"} (never limited, never counted)

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
