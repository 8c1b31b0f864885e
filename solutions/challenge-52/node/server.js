// Reference: POST /aggregate folds an NDJSON upload into per-region totals while it streams in.
const express = require('express');
const { Transform, Writable, pipeline } = require('stream');
const { StringDecoder } = require('string_decoder');

const MAX_REJECTED_LINES = 10;

// Bytes in, one string per line out. The decoder keeps a UTF-8 character cut between two
// chunks; `rest` keeps the line cut between two chunks.
class LineSplitter extends Transform {
  constructor() {
    super({ readableObjectMode: true });
    this.decoder = new StringDecoder('utf8');
    this.rest = '';
  }

  _transform(chunk, _encoding, done) {
    const lines = (this.rest + this.decoder.write(chunk)).split('\n');
    this.rest = lines.pop();
    for (const line of lines) this.push(line);
    done();
  }

  _flush(done) {
    const last = this.rest + this.decoder.end();
    if (last !== '') this.push(last);
    done();
  }
}

function parseRecord(line) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return null;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const { region, amount } = record;
  if (typeof region !== 'string' || region === '' || !Number.isInteger(amount)) return null;
  return { region, amount };
}

class Totals {
  constructor() {
    this.regions = new Map();
    this.lineNumber = 0;
    this.accepted = 0;
    this.rejected = 0;
    this.rejectedLines = [];
  }

  add(line) {
    this.lineNumber += 1;
    if (line.trim() === '') return;
    const record = parseRecord(line);
    if (!record) {
      this.rejected += 1;
      if (this.rejectedLines.length < MAX_REJECTED_LINES) this.rejectedLines.push(this.lineNumber);
      return;
    }
    this.accepted += 1;
    const group = this.regions.get(record.region);
    if (!group) {
      this.regions.set(record.region, { region: record.region, count: 1, sum: record.amount, min: record.amount, max: record.amount });
      return;
    }
    group.count += 1;
    group.sum += record.amount;
    group.min = Math.min(group.min, record.amount);
    group.max = Math.max(group.max, record.amount);
  }

  *ndjson() {
    const names = [...this.regions.keys()].sort();
    for (const name of names) yield JSON.stringify(this.regions.get(name)) + '\n';
    yield JSON.stringify({
      lines: this.accepted + this.rejected,
      accepted: this.accepted,
      rejected: this.rejected,
      rejectedLines: this.rejectedLines,
    }) + '\n';
  }
}

const app = express();

app.post('/aggregate', (req, res) => {
  const totals = new Totals();
  const sink = new Writable({
    objectMode: true,
    write(line, _encoding, done) {
      totals.add(line);
      done();
    },
  });
  pipeline(req, new LineSplitter(), sink, (err) => {
    if (err) {
      if (!res.headersSent) res.status(400).json({ error: 'upload failed' });
      return;
    }
    res.status(200).type('application/x-ndjson');
    for (const line of totals.ndjson()) res.write(line);
    res.end();
  });
});

app.use((req, res) => {
  res.status(404).json({ error: 'Not found' });
});

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
