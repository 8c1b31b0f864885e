const express = require('express');
const cron = require('node-cron');

const SCHEDULE = process.env.CRON_SCHEDULE || '*/5 * * * * *';
const TASK_DURATION_MS = Math.max(0, Number.parseInt(process.env.TASK_DURATION_MS || '0', 10) || 0);

const runs = [];
let nextId = 1;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The task returns a promise: node-cron's noOverlap waits for it and skips the ticks meanwhile.
async function task() {
  const run = { id: nextId++, startedAt: new Date().toISOString(), finishedAt: null };
  runs.push(run);
  await sleep(TASK_DURATION_MS);
  run.finishedAt = new Date().toISOString();
}

const job = cron.schedule(SCHEDULE, task, { noOverlap: true, name: 'task' });
let running = true;

const app = express();

const status = () => ({ running, schedule: SCHEDULE });

app.get('/runs', (req, res) => res.json({ runs }));
app.get('/scheduler', (req, res) => res.json(status()));

app.post('/scheduler/stop', async (req, res) => {
  if (running) {
    await job.stop();
    running = false;
  }
  res.json(status());
});

app.post('/scheduler/start', async (req, res) => {
  // one task object, started at most once: a second start must not add a second schedule
  if (!running) {
    await job.start();
    running = true;
  }
  res.json(status());
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}, schedule '${SCHEDULE}'`);
});
