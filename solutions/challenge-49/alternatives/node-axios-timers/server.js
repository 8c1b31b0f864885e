// Alternative: axios, an event-driven breaker whose open -> half-open transition is a timer
// (as opossum does it), state names as constants, a Router.
const express = require('express');
const axios = require('axios');
const { EventEmitter } = require('node:events');

const env = (name, dflt) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : dflt);
const CLOSED = 'closed';
const OPEN = 'open';
const HALF_OPEN = 'half-open';

class Breaker extends EventEmitter {
  constructor({ threshold, resetTimeout }) {
    super();
    Object.assign(this, { threshold, resetTimeout, state: CLOSED, failures: 0, probing: false, timer: null });
  }

  trip() {
    this.state = OPEN;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.state = HALF_OPEN; this.emit('halfOpen'); }, this.resetTimeout);
    this.emit('open');
  }

  async fire(action) {
    if (this.state === OPEN || (this.state === HALF_OPEN && this.probing)) {
      const err = new Error('breaker is open');
      err.code = 'EOPENBREAKER';
      throw err;
    }
    const probe = this.state === HALF_OPEN;
    if (probe) this.probing = true;
    try {
      const value = await action();
      this.failures = 0;
      this.state = CLOSED;
      return value;
    } catch (err) {
      this.failures++;
      if (probe || this.failures >= this.threshold) this.trip();
      throw err;
    } finally {
      if (probe) this.probing = false;
    }
  }
}

const breaker = new Breaker({
  threshold: env('BREAKER_FAILURE_THRESHOLD', 5),
  resetTimeout: env('BREAKER_OPEN_MS', 10000),
});
breaker.on('open', () => console.log('breaker open'));
breaker.on('halfOpen', () => console.log('breaker half-open'));

const pricing = axios.create({
  baseURL: process.env.PRICING_SERVICE_URL,
  timeout: env('UPSTREAM_TIMEOUT_MS', 2000),
  validateStatus: (status) => status < 500, // a 4xx is an answer; only 5xx rejects
});

const cache = {};
const router = express.Router();

router.get('/breaker', (req, res) => res.json({ failures: breaker.failures, state: breaker.state }));

router.get('/prices/:sku', async (req, res) => {
  const sku = req.params.sku;
  let answer;
  try {
    answer = await breaker.fire(() => pricing.get(`/prices/${encodeURIComponent(sku)}`));
  } catch (err) {
    if (cache[sku]) return res.status(200).json(Object.assign({}, cache[sku], { fallback: true }));
    return res.status(503).json({ fallback: true, error: `no price available (${err.code || err.message})` });
  }
  if (answer.status === 200) {
    cache[sku] = answer.data;
    return res.json(Object.assign({}, answer.data, { fallback: false }));
  }
  return res.status(answer.status).json({ error: answer.data && answer.data.error ? answer.data.error : 'not found' });
});

const app = express();
app.use(router);
app.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
