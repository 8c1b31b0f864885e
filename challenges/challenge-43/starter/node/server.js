const express = require('express');
// const IORedis = require('ioredis');
// const { Queue, Worker, Job } = require('bullmq');

const app = express();
app.use(express.json());

// TODO: read REDIS_URL, JOB_ATTEMPTS (default 3) and JOB_BACKOFF_MS (default 1000).
// TODO: a queue in Redis and a worker in this process (BullMQ: new Queue('jobs', { connection }),
//       new Worker('jobs', processor, { connection, concurrency: 2 or more }); the connection
//       wants maxRetriesPerRequest: null).
// TODO: the three job types: sum, sleep, flaky (see the README); retries with exponential backoff.

// TODO: POST /jobs     -> 202 {"id": "<string>", "status": "waiting"}; 400 {"error"} for an invalid job
// TODO: GET  /jobs/:id -> 200 {"id", "type", "status", "attempts", "result", "error"}; 404 {"error"}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
