const express = require('express');

const app = express();

// TODO: POST /aggregate
//   - `req` is a readable stream of the NDJSON body (up to 320 MiB; the server has 256 MiB of
//     memory): never collect it whole, no express.json()/express.text() on this route
//   - split it into lines (a Transform stream, or readline.createInterface({ input: req,
//     crlfDelay: Infinity })), mind lines and UTF-8 characters cut between chunks
//   - valid line: an object with a non-empty string `region` and an integer `amount`;
//     blank lines are skipped; every other line is rejected (counted, first 10 numbers kept)
//   - answer 200 application/x-ndjson: one {"region","count","sum","min","max"} line per
//     region (ascending), then {"lines","accepted","rejected","rejectedLines"}

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
