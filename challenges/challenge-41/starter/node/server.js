const express = require('express');
// const Redis = require('ioredis');          // or: const { createClient } = require('redis');

const app = express();

// TODO: read RATE_LIMIT (default 10) and RATE_WINDOW_MS (default 60000).
// TODO: connect to Redis at process.env.REDIS_URL (two replicas of this server share it).

// TODO: a limiter middleware for /api:
//       no X-API-Key            -> 401 {"error": "..."}
//       a sliding window per key, kept in Redis (atomic check-and-count)
//       every response: X-RateLimit-Limit, X-RateLimit-Remaining
//       over the limit          -> 429 {"error": "..."} with Retry-After

// TODO: GET /api/data -> 200 {"ok": true}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
