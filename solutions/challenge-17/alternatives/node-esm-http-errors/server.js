// Alternative: ES module Express with an HttpError class thrown (not passed to next) from sync
// handlers, an asyncHandler() wrapper forwarding rejections, the 404 built as an HttpError, and
// structured logs: one JSON line per event, a 500's err.stack inside it (as pino would log it).
import express from 'express';

const DEVELOPMENT = process.env.NODE_ENV === 'development';

function log(level, msg, fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

// Express 4 does not await handlers: hand a rejected promise to next() ourselves.
const asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);

const delay = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

const app = express();

app.get('/ok', (req, res) => res.json({ ok: true }));

app.get('/error/bad-request', (req, res, next) => next(new HttpError(400, 'Invalid input')));

app.get('/error/forbidden', () => {
  throw new HttpError(403, 'Access denied');
});

app.get('/error/crash', () => {
  throw new Error('Simulated crash');
});

app.get('/error/async', asyncHandler(async () => {
  await delay(5);
  throw new Error('Simulated async failure');
}));

app.use((req, res, next) => next(new HttpError(404, `No route for ${req.method} ${req.path}`)));

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const given = err.status ?? err.statusCode;
  const status = Number.isInteger(given) && given >= 400 && given <= 599 ? given : 500;
  if (status >= 500) {
    log('error', 'request failed', { method: req.method, url: req.originalUrl, status, err: { message: err.message, stack: err.stack } });
  }

  const error = {
    status,
    message: status >= 500 && !DEVELOPMENT ? 'Internal Server Error' : err.message,
  };
  if (DEVELOPMENT) error.stack = err.stack;
  res.status(status).json({ error });
});

const port = Number(process.env.PORT || 3000);
app.listen(port, '0.0.0.0', () => log('info', 'listening', { port, mode: DEVELOPMENT ? 'development' : 'production' }));
