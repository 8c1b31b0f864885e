// Alternative to the BullMQ reference: a hand-rolled queue on node-redis, with UUID ids, one JSON
// string per job, and a Lua script promoting due retries. (CommonJS: the sandboxes give the curated
// packages through NODE_PATH, which ES-module imports do not read.)
const { randomUUID } = require('node:crypto');
const express = require('express');
const { createClient } = require('redis');

const env = (name, fallback) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const ATTEMPTS = env('JOB_ATTEMPTS', 3);
const BACKOFF = env('JOB_BACKOFF_MS', 1000);
const CONCURRENCY = 3;

const redis = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379/0' });
redis.on('error', (e) => console.error('redis:', e.message));

const jobKey = (id) => `jq:job:${id}`;
const load = async (id) => JSON.parse((await redis.get(jobKey(id))) ?? 'null');
const save = (job) => redis.set(jobKey(job.id), JSON.stringify(job));

const PROMOTE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('LPUSH', KEYS[2], id)
end
return #due`;

const handlers = {
  sum: {
    check: ({ numbers }) => Array.isArray(numbers) && numbers.every((x) => typeof x === 'number' && Number.isFinite(x)),
    run: async ({ numbers }) => ({ sum: numbers.reduce((a, b) => a + b, 0) }),
  },
  sleep: {
    check: ({ ms }) => Number.isInteger(ms) && ms >= 0 && ms <= 10_000,
    run: ({ ms }) => new Promise((ok) => setTimeout(() => ok({ slept: ms }), ms)),
  },
  flaky: {
    check: ({ key, failures }) => typeof key === 'string' && key.length > 0 && Number.isInteger(failures) && failures >= 0,
    run: async ({ key, failures }) => {
      const n = await redis.rPush(key, String(Date.now()));
      if (n <= failures) throw new Error(`flaky: attempt ${n} of ${failures} planned failures`);
      return { attempts: n };
    },
  },
};

async function work(conn) {
  for (;;) {
    const popped = await conn.brPop('jq:waiting', 1).catch(() => null);
    if (!popped) continue;
    const job = await load(popped.element);
    if (!job) continue;
    job.status = 'active';
    await save(job);
    try {
      job.result = await handlers[job.type].run(job.data);
      job.status = 'completed';
    } catch (err) {
      job.error = String(err?.message || err);
      job.status = job.attempts + 1 < ATTEMPTS ? 'delayed' : 'failed';
    }
    job.attempts += 1;
    await save(job);
    if (job.status === 'delayed') {
      await redis.zAdd('jq:delayed', { score: Date.now() + BACKOFF * 2 ** (job.attempts - 1), value: job.id });
    }
  }
}

async function startWorkers() {
  await redis.connect();
  for (let i = 0; i < CONCURRENCY; i++) {
    const conn = redis.duplicate(); // BRPOP blocks its connection: one per worker loop
    await conn.connect();
    work(conn);
  }
}

setInterval(() => {
  redis.eval(PROMOTE, { keys: ['jq:delayed', 'jq:waiting'], arguments: [String(Date.now())] }).catch(() => {});
}, 25);

const app = express();
app.use(express.json({ strict: false }));

app.post('/jobs', async (req, res) => {
  const { type, data } = req.body ?? {};
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    return res.status(400).json({ error: 'expected a JSON object' });
  }
  const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
  if (!handler) return res.status(400).json({ error: `unknown type ${type}` });
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !handler.check(data)) {
    return res.status(400).json({ error: `invalid data for ${type}` });
  }
  const job = { id: randomUUID(), type, data, status: 'waiting', attempts: 0, result: null, error: null };
  await save(job);
  await redis.lPush('jq:waiting', job.id);
  res.status(202).json({ id: job.id, status: 'waiting' });
});

app.get('/jobs/:id', async (req, res) => {
  const job = await load(req.params.id);
  if (!job) return res.status(404).json({ error: 'job not found' });
  const { data, ...shown } = job;
  res.json(shown);
});

app.use((err, req, res, next) => res.status(400).json({ error: err.message || 'bad request' }));

startWorkers().then(() => app.listen(Number(process.env.PORT) || 3000, '0.0.0.0'));
