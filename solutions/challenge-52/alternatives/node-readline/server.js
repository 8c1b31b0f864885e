// Alternative: plain http module, readline over the request (no Transform of its own), ES-style.
const http = require('http');
const readline = require('readline');

async function aggregate(req) {
  const groups = {};
  let n = 0;
  let accepted = 0;
  let rejected = 0;
  const rejectedLines = [];
  req.setEncoding('utf8');
  for await (const line of readline.createInterface({ input: req, crlfDelay: Infinity })) {
    n += 1;
    if (!/\S/.test(line)) continue;
    let rec = null;
    try { rec = JSON.parse(line); } catch { rec = null; }
    const ok = rec && typeof rec === 'object' && !Array.isArray(rec)
      && typeof rec.region === 'string' && rec.region.length > 0 && Number.isInteger(rec.amount);
    if (!ok) {
      rejected += 1;
      if (rejectedLines.length < 10) rejectedLines.push(n);
      continue;
    }
    accepted += 1;
    const g = groups[rec.region] ?? (groups[rec.region] = { region: rec.region, count: 0, sum: 0, min: Infinity, max: -Infinity });
    g.count += 1; g.sum += rec.amount;
    if (rec.amount < g.min) g.min = rec.amount;
    if (rec.amount > g.max) g.max = rec.amount;
  }
  const out = Object.keys(groups).sort().map((k) => JSON.stringify(groups[k]));
  out.push(JSON.stringify({ lines: accepted + rejected, accepted, rejected, rejectedLines }));
  return out;
}

http.createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url.split('?')[0] !== '/aggregate') {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'Not found' }));
    return;
  }
  const lines = await aggregate(req);
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  for (const l of lines) res.write(l + '\n');
  res.end();
}).listen(Number(process.env.PORT || 3000), '0.0.0.0');
