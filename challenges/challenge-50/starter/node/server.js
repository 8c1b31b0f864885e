const express = require('express');
// const crypto = require('crypto');

const app = express();

// The services, found through the environment (never hard-code their addresses):
const INVENTORY_SERVICE_URL = process.env.INVENTORY_SERVICE_URL;
const COLLECTOR_URL = process.env.COLLECTOR_URL; // export to `${COLLECTOR_URL}/v1/traces`

// TODO: a middleware: the request id (X-Request-Id, or a new one), echoed on every response;
//       the trace context (a valid incoming traceparent, or a new trace) and a server span.
// TODO: GET /api/stock/:sku -> call the inventory-service with X-Request-Id and a traceparent
//       naming a new client span; 200 {"sku", "quantity"}, 404, 502 {"error"}.
// TODO: once answered, POST both spans as OTLP JSON to the collector, in the background.
// TODO: GET /health -> 200 {"status": "ok"}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
