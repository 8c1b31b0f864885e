const express = require('express');
const IORedis = require('ioredis');
const { Queue, Worker, Job } = require('bullmq');

function positiveInt(name, fallback) {
  const value = Number.parseInt(process.env[name] || '', 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379/0';
const JOB_ATTEMPTS = positiveInt('JOB_ATTEMPTS', 3);
const JOB_BACKOFF_MS = positiveInt('JOB_BACKOFF_MS', 1000);
const QUEUE = 'jobs';

// BullMQ needs maxRetriesPerRequest: null on the connections its workers block on
const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue(QUEUE, { connection });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

// Per type: a validator of `data` (an error message or null) and the processor of one attempt.
const TYPES = {
  sum: {
    invalid: (d) => (Array.isArray(d.numbers) && d.numbers.every(isNumber) ? null : 'numbers must be an array of numbers'),
    run: async (d) => ({ sum: d.numbers.reduce((a, b) => a + b, 0) }),
  },
  sleep: {
    invalid: (d) => (Number.isInteger(d.ms) && d.ms >= 0 && d.ms <= 10000 ? null : 'ms must be an integer from 0 to 10000'),
    run: async (d) => {
      await sleep(d.ms);
      return { slept: d.ms };
    },
  },
  flaky: {
    invalid: (d) => {
      if (typeof d.key !== 'string' || d.key === '') return 'key must be a non-empty string';
      return Number.isInteger(d.failures) && d.failures >= 0 ? null : 'failures must be an integer >= 0';
    },
    run: async (d) => {
      const n = await connection.rpush(d.key, String(Date.now()));
      if (n <= d.failures) throw new Error(`attempt ${n} failed`);
      return { attempts: n };
    },
  },
};

const worker = new Worker(QUEUE, (job) => TYPES[job.name].run(job.data), { connection, concurrency: 4 });
// a failed attempt is the job's business, not the worker's: log it and go on
worker.on('failed', (job, err) => console.log(`job ${job && job.id} attempt failed: ${err.message}`));
worker.on('error', (err) => console.error('worker error:', err.message));

const app = express();
app.use(express.json());

app.post('/jobs', async (req, res, next) => {
  try {
    const body = req.body;
    if (!isObject(body)) return res.status(400).json({ error: 'the body must be a JSON object' });
    if (!Object.hasOwn(TYPES, body.type)) return res.status(400).json({ error: 'unknown job type' });
    const type = TYPES[body.type];
    if (!isObject(body.data)) return res.status(400).json({ error: 'data must be an object' });
    const problem = type.invalid(body.data);
    if (problem) return res.status(400).json({ error: problem });
    const job = await queue.add(body.type, body.data, {
      attempts: JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
    });
    res.status(202).json({ id: String(job.id), status: 'waiting' });
  } catch (err) {
    next(err);
  }
});

app.get('/jobs/:id', async (req, res, next) => {
  try {
    // the state first: once it says completed or failed, the job's data read next is final too
    // (read the other way round, a job finishing in between shows as completed without a result)
    const state = await queue.getJobState(req.params.id);
    const job = await Job.fromId(queue, req.params.id);
    if (!job || state === 'unknown') return res.status(404).json({ error: 'no such job' });
    res.json({
      id: String(job.id),
      type: job.name,
      status: state === 'prioritized' || state === 'waiting-children' ? 'waiting' : state,
      attempts: job.attemptsMade,
      result: state === 'completed' ? job.returnvalue : null,
      error: job.failedReason || null,
    });
  } catch (err) {
    next(err);
  }
});

// malformed JSON bodies (express.json's SyntaxError) are the client's fault
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'invalid JSON' });
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
