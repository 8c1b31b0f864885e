const express = require('express');

function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name], 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const USERS_SERVICE_URL = process.env.USERS_SERVICE_URL;
const ORDERS_SERVICE_URL = process.env.ORDERS_SERVICE_URL;
const UPSTREAM_TIMEOUT_MS = intFromEnv('UPSTREAM_TIMEOUT_MS', 2000);
const MAX_RETRIES = 2;
const RETRY_DELAY_MS = 50;

// A failed service call, carrying the status this server answers with.
class UpstreamError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// GET a service's JSON. Retries 5xx answers and connection errors (transient), never a timeout
// (its budget is spent) nor a 4xx (asking again will not help).
async function callService(service, url) {
  for (let attempt = 0; ; attempt += 1) {
    let response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) });
    } catch (err) {
      if (err.name === 'TimeoutError') {
        throw new UpstreamError(504, `${service} timed out after ${UPSTREAM_TIMEOUT_MS} ms`);
      }
      if (attempt < MAX_RETRIES) {
        await sleep(RETRY_DELAY_MS);
        continue;
      }
      throw new UpstreamError(503, `${service} unreachable: ${err.cause?.code || err.message}`);
    }
    if (response.status >= 500 && attempt < MAX_RETRIES) {
      await response.body?.cancel();
      await sleep(RETRY_DELAY_MS);
      continue;
    }
    let body;
    try {
      body = await response.json();
    } catch (err) {
      if (err.name === 'TimeoutError') {
        throw new UpstreamError(504, `${service} timed out after ${UPSTREAM_TIMEOUT_MS} ms`);
      }
      throw new UpstreamError(502, `${service} answered ${response.status} without JSON`);
    }
    if (response.ok) return body;
    if (response.status === 404) throw new UpstreamError(404, `${service}: not found`);
    throw new UpstreamError(502, `${service} failed: ${response.status}`);
  }
}

const app = express();

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.get('/users/:id/orders', async (req, res) => {
  const id = encodeURIComponent(req.params.id);
  try {
    const user = await callService('users-service', `${USERS_SERVICE_URL}/users/${id}`);
    const orders = await callService('orders-service', `${ORDERS_SERVICE_URL}/orders?userId=${id}`);
    res.json({ user, orders });
  } catch (err) {
    const status = err instanceof UpstreamError ? err.status : 500;
    if (status === 500) console.error(err);
    res.status(status).json({ error: err.message });
  }
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}: users at ${USERS_SERVICE_URL}, orders at ${ORDERS_SERVICE_URL}`);
});
