const express = require('express');
const { performance } = require('node:perf_hooks');

function intFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name], 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const PRICING_SERVICE_URL = process.env.PRICING_SERVICE_URL;
const FAILURE_THRESHOLD = intFromEnv('BREAKER_FAILURE_THRESHOLD', 5);
const OPEN_MS = intFromEnv('BREAKER_OPEN_MS', 10000);
const UPSTREAM_TIMEOUT_MS = intFromEnv('UPSTREAM_TIMEOUT_MS', 2000);

// Closed: every call goes through and consecutive failures are counted. Open: no call for
// OPEN_MS. Half-open (the window has elapsed): one trial call decides: success closes, failure
// re-opens for a fresh window. The clock is monotonic, so a wall-clock jump cannot flip it.
class CircuitBreaker {
  constructor(threshold, openMs) {
    this.threshold = threshold;
    this.openMs = openMs;
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  get state() {
    if (this.openedAt === null) return 'closed';
    return performance.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  // May a call go to the upstream now? In half-open only the first caller may (the trial).
  allow() {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success() {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failure() {
    this.failures += 1;
    if (this.openedAt !== null || this.failures >= this.threshold) this.openedAt = performance.now();
    this.trialInFlight = false;
  }
}

const breaker = new CircuitBreaker(FAILURE_THRESHOLD, OPEN_MS);
const lastKnown = new Map(); // sku -> the last price the service gave: the fallback's answer

// One call to the pricing-service: {status, body}, or null for a failure (5xx, no connection,
// timeout, an answer that is not JSON). A 4xx is an answer, not a failure of the service.
async function callPricing(sku) {
  try {
    const response = await fetch(`${PRICING_SERVICE_URL}/prices/${encodeURIComponent(sku)}`, {
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    if (response.status >= 500) {
      await response.body?.cancel();
      return null;
    }
    return { status: response.status, body: await response.json() };
  } catch (err) {
    return null;
  }
}

function fallback(res, sku) {
  const known = lastKnown.get(sku);
  if (known) return res.json({ ...known, fallback: true });
  return res.status(503).json({ error: 'pricing-service unavailable', fallback: true });
}

const app = express();

app.get('/breaker', (req, res) => {
  res.json({ state: breaker.state, failures: breaker.failures });
});

app.get('/prices/:sku', async (req, res) => {
  const { sku } = req.params;
  if (!breaker.allow()) return fallback(res, sku);
  const result = await callPricing(sku);
  if (result === null) {
    breaker.failure();
    return fallback(res, sku);
  }
  breaker.success();
  if (result.status === 200) {
    lastKnown.set(sku, result.body);
    return res.json({ ...result.body, fallback: false });
  }
  const error = result.status === 404 ? 'unknown sku' : `pricing-service answered ${result.status}`;
  return res.status(result.status).json({ error });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (threshold ${FAILURE_THRESHOLD}, open ${OPEN_MS} ms)`);
});
