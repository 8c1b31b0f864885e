const express = require('express');
const client = require('prom-client');

const app = express();
app.use(express.json());

const startedAt = process.hrtime.bigint();

// One registry for everything /metrics shows: the default process metrics plus our two.
const register = new client.Registry();
client.collectDefaultMetrics({ register });

const httpRequests = new client.Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route template and status',
  labelNames: ['method', 'route', 'status'],
  registers: [register],
});

const httpDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from receiving a request to finishing its response, in seconds',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [register],
});

// Time every request and record it once the response is finished, under the route template
// (req.route is only known after routing, hence the 'finish' event).
app.use((req, res, next) => {
  const stopTimer = httpDuration.startTimer();
  res.on('finish', () => {
    const route = req.route ? req.baseUrl + req.route.path : 'unmatched';
    const labels = { method: req.method, route, status: String(res.statusCode) };
    httpRequests.inc(labels);
    stopTimer(labels);
  });
  next();
});

const items = new Map();
let nextId = 1;

app.get('/api/items', (req, res) => {
  res.json([...items.values()]);
});

app.post('/api/items', (req, res) => {
  const name = req.body && req.body.name;
  if (typeof name !== 'string' || name.trim() === '') {
    return res.status(400).json({ error: 'name must be a non-empty string' });
  }
  const item = { id: nextId++, name };
  items.set(item.id, item);
  res.status(201).json(item);
});

app.get('/api/items/:id', (req, res) => {
  const item = items.get(Number(req.params.id));
  if (!item || !/^\d+$/.test(req.params.id)) return res.status(404).json({ error: 'item not found' });
  res.json(item);
});

app.get('/api/slow', async (req, res) => {
  const ms = Number(req.query.ms ?? 0);
  if (!Number.isInteger(ms) || ms < 0 || ms > 2000) {
    return res.status(400).json({ error: 'ms must be an integer from 0 to 2000' });
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  res.json({ waited: ms });
});

app.get('/api/fail', (req, res) => {
  res.status(500).json({ error: 'this route always fails' });
});

app.get('/health', (req, res) => {
  const uptime = Number(process.hrtime.bigint() - startedAt) / 1e9;
  res.json({ status: 'ok', uptime });
});

app.get('/metrics', async (req, res) => {
  res.set('Content-Type', register.contentType);
  res.send(await register.metrics());
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
