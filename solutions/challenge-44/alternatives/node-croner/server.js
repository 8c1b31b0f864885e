// Alternative to the node-cron reference: croner, whose `protect` option blocks a run while the
// previous one is busy, and pause()/resume() for stop/start.
const express = require('express');
const { Cron } = require('croner');

const expression = process.env.CRON_SCHEDULE || '*/5 * * * * *';
const workMs = Number(process.env.TASK_DURATION_MS) || 0;
const history = [];

const job = new Cron(expression, { protect: true }, async () => {
  const entry = { id: `run-${history.length + 1}`, startedAt: new Date().toISOString(), finishedAt: null };
  history.push(entry);
  await new Promise((done) => setTimeout(done, workMs));
  entry.finishedAt = new Date().toISOString();
});

const app = express();
const state = () => ({ running: !job.isStopped() && job.isRunning(), schedule: expression });

app.get('/runs', (req, res) => res.json({ runs: history }));
app.get('/scheduler', (req, res) => res.json(state()));
app.post('/scheduler/:action(start|stop)', (req, res) => {
  if (req.params.action === 'stop') job.pause();
  else job.resume();
  res.json(state());
});

app.listen(process.env.PORT || 3000, '0.0.0.0', () => console.log(`listening, schedule ${expression}`));
