const express = require('express');
// const cron = require('node-cron');

const app = express();

// TODO: read CRON_SCHEDULE (default '*/5 * * * * *') and TASK_DURATION_MS (default 0).

// TODO: the task: record {id, startedAt, finishedAt: null}, wait TASK_DURATION_MS (without
//       blocking), then set finishedAt. Runs must never overlap: a tick during a run is skipped.
// TODO: schedule it from start-up (node-cron 4: cron.schedule(expr, task, { noOverlap: true })).

// TODO: GET  /runs            -> 200 {"runs": [...]}, oldest first
// TODO: GET  /scheduler       -> 200 {"running": true|false, "schedule": "<CRON_SCHEDULE>"}
// TODO: POST /scheduler/stop  -> 200 same body, after stopping (no run starts afterwards)
// TODO: POST /scheduler/start -> 200 same body, after (re)starting; never a second schedule

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
