// Alternative: ES modules, no prom-client: the text exposition written by hand, other buckets.
import express from 'express';

const app = express();
app.use(express.json());
const BOUNDS = [0.01, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1, 2.5, 5];
const counts = new Map(); // key -> number
const hists = new Map(); // key -> {buckets: [], sum, count}
const esc = (v) => String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const keyOf = (l) => `method="${esc(l.method)}",route="${esc(l.route)}",status="${esc(l.status)}"`;

app.use((req, res, next) => {
  const t0 = performance.now();
  res.on('finish', () => {
    const seconds = (performance.now() - t0) / 1000;
    const key = keyOf({ method: req.method, route: req.route ? req.route.path : 'none', status: res.statusCode });
    counts.set(key, (counts.get(key) || 0) + 1);
    const h = hists.get(key) || { buckets: BOUNDS.map(() => 0), sum: 0, count: 0 };
    BOUNDS.forEach((b, i) => { if (seconds <= b) h.buckets[i] += 1; });
    h.sum += seconds;
    h.count += 1;
    hists.set(key, h);
  });
  next();
});

const items = [];
app.get('/api/items', (req, res) => res.json(items));
app.post('/api/items', (req, res) => {
  const { name } = req.body || {};
  if (typeof name !== 'string' || !name.length) return res.status(400).json({ error: 'bad name' });
  const item = { id: items.length + 1, name };
  items.push(item);
  return res.status(201).json(item);
});
app.get('/api/items/:id', (req, res) => {
  const item = items.find((i) => String(i.id) === req.params.id);
  return item ? res.json(item) : res.status(404).json({ error: 'no such item' });
});
app.get('/api/slow', (req, res) => {
  const raw = req.query.ms ?? '0';
  if (!/^\d+$/.test(raw) || Number(raw) > 2000) return res.status(400).json({ error: 'bad ms' });
  setTimeout(() => res.json({ waited: Number(raw) }), Number(raw));
});
app.get('/api/fail', (req, res) => res.status(500).json({ error: 'boom' }));
app.get('/health', (req, res) => res.json({ status: 'ok', uptime: process.uptime() }));
app.get('/metrics', (req, res) => {
  const lines = [
    '# HELP http_requests_total Requests.', '# TYPE http_requests_total counter',
    ...[...counts].map(([k, v]) => `http_requests_total{${k}} ${v}`),
    '# HELP http_request_duration_seconds Latency.', '# TYPE http_request_duration_seconds histogram',
  ];
  for (const [k, h] of hists) {
    BOUNDS.forEach((b, i) => lines.push(`http_request_duration_seconds_bucket{${k},le="${b}"} ${h.buckets[i]}`));
    lines.push(`http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
    lines.push(`http_request_duration_seconds_sum{${k}} ${h.sum}`);
    lines.push(`http_request_duration_seconds_count{${k}} ${h.count}`);
  }
  const cpu = process.cpuUsage();
  lines.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${process.memoryUsage().rss}`);
  lines.push('# TYPE process_cpu_seconds_total counter', `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`);
  res.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
