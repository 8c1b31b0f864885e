const crypto = require('crypto');
const express = require('express');

const app = express();

const INVENTORY_SERVICE_URL = process.env.INVENTORY_SERVICE_URL;
const COLLECTOR_URL = process.env.COLLECTOR_URL;
const SERVICE_NAME = 'stock-api';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const randomHex = (bytes) => {
  let id;
  do id = crypto.randomBytes(bytes).toString('hex'); while (/^0+$/.test(id));
  return id;
};
// Wall-clock nanoseconds as a string (BigInt keeps the precision a Number would lose), from the
// monotonic clock so that a child span never seems to start before its parent.
const EPOCH_OFFSET = BigInt(Date.now()) * 1000000n - process.hrtime.bigint();
const nowNanos = () => (EPOCH_OFFSET + process.hrtime.bigint()).toString();

/** The caller's trace context when its traceparent is valid, else null. */
function parseTraceparent(header) {
  const m = TRACEPARENT.exec(header || '');
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return null;
  return { traceId: m[1], parentId: m[2], flags: m[3] };
}

const attr = (key, value) => ({
  key,
  value: typeof value === 'number' ? { intValue: value } : { stringValue: String(value) },
});

function exportSpans(spans) {
  const body = {
    resourceSpans: [{
      resource: { attributes: [attr('service.name', SERVICE_NAME)] },
      scopeSpans: [{ scope: { name: SERVICE_NAME }, spans }],
    }],
  };
  // Fire and forget: an answer never waits on the collector, and a lost export is only logged.
  fetch(`${COLLECTOR_URL}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  }).catch((err) => console.error(`span export failed: ${err.message}`));
}

// Request id and trace context for every request; the server span is sent once the answer is.
app.use((req, res, next) => {
  const incoming = req.get('x-request-id');
  req.requestId = incoming && incoming.length <= 128 ? incoming : crypto.randomUUID();
  res.set('X-Request-Id', req.requestId);

  const parent = parseTraceparent(req.get('traceparent'));
  req.trace = {
    traceId: parent ? parent.traceId : randomHex(16),
    parentId: parent ? parent.parentId : '',
    flags: parent ? parent.flags : '01',
    spanId: randomHex(8),
    start: nowNanos(),
    children: [],
  };
  next();
});

function traced(handler) {
  return async (req, res) => {
    res.on('finish', () => {
      const t = req.trace;
      const server = {
        traceId: t.traceId, spanId: t.spanId, parentSpanId: t.parentId,
        name: `${req.method} ${req.route ? req.route.path : req.path}`, kind: 2,
        startTimeUnixNano: t.start, endTimeUnixNano: nowNanos(),
        attributes: [attr('http.request.method', req.method), attr('http.response.status_code', res.statusCode)],
      };
      exportSpans([server, ...t.children]);
    });
    await handler(req, res);
  };
}

/** GET an inventory URL inside a client span, propagating the request id and the trace. */
async function callInventory(req, path) {
  const t = req.trace;
  const span = {
    traceId: t.traceId, spanId: randomHex(8), parentSpanId: t.spanId,
    name: 'GET inventory-service', kind: 3, startTimeUnixNano: nowNanos(),
  };
  try {
    const response = await fetch(`${INVENTORY_SERVICE_URL}${path}`, {
      headers: { 'X-Request-Id': req.requestId, traceparent: `00-${t.traceId}-${span.spanId}-${t.flags}` },
      signal: AbortSignal.timeout(5000),
    });
    span.attributes = [attr('http.response.status_code', response.status)];
    return response;
  } finally {
    span.endTimeUnixNano = nowNanos();
    t.children.push(span);
  }
}

app.get('/api/stock/:sku', traced(async (req, res) => {
  let response;
  try {
    response = await callInventory(req, `/stock/${encodeURIComponent(req.params.sku)}`);
  } catch (err) {
    return res.status(502).json({ error: `inventory-service unreachable: ${err.message}` });
  }
  if (response.status === 404) return res.status(404).json({ error: 'unknown sku' });
  if (!response.ok) return res.status(502).json({ error: `inventory-service answered ${response.status}` });
  const stock = await response.json();
  res.json({ sku: req.params.sku, quantity: stock.quantity });
}));

app.get('/health', (req, res) => res.json({ status: 'ok' }));

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
