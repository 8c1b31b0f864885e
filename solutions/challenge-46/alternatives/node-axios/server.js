// A correct alternative to the reference: axios instances per service, both calls in parallel,
// status mapping in an Express error handler.
const express = require('express');
const axios = require('axios');

const timeout = parseInt(process.env.UPSTREAM_TIMEOUT_MS || '2000', 10);
const users = axios.create({ baseURL: process.env.USERS_SERVICE_URL, timeout });
const orders = axios.create({ baseURL: process.env.ORDERS_SERVICE_URL, timeout });

function transient(err) {
  if (err.response) return err.response.status >= 500;
  return err.code !== 'ECONNABORTED' && err.code !== 'ETIMEDOUT';
}

async function withRetries(fn, retries = 2) {
  try {
    return await fn();
  } catch (err) {
    if (retries > 0 && transient(err)) return withRetries(fn, retries - 1);
    throw err;
  }
}

const app = express();
app.get('/health', (req, res) => res.send({ status: 'ok' }));

app.get('/users/:id/orders', async (req, res, next) => {
  const id = req.params.id;
  const u = withRetries(() => users.get(`/users/${encodeURIComponent(id)}`));
  const o = withRetries(() => orders.get('/orders', { params: { userId: id } }));
  // allSettled: both outcomes are handled (a rejection left unawaited would crash the process),
  // and the users-service's failure wins (its 404 means "no such user" whatever orders says).
  const [user, list] = await Promise.allSettled([u, o]);
  if (user.status === 'rejected') return next(user.reason);
  if (list.status === 'rejected') return next(list.reason);
  res.json({ user: user.value.data, orders: list.value.data, fetchedAt: new Date().toISOString() });
});

app.use((err, req, res, next) => {
  let status = 500;
  if (err.response) status = err.response.status === 404 ? 404 : 502;
  else if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') status = 504;
  else if (err.isAxiosError) status = 503;
  res.status(status).json({ error: err.message, code: err.code });
});

app.listen(process.env.PORT || 3000, '0.0.0.0');
