// Alternative: plain node:http (no Express, no res.sendFile): the Range header is parsed by hand and
// fs.createReadStream is joined to the response with stream.pipeline (backpressure, abort cleanup).
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { pipeline } = require('node:stream');

const PORT = Number(process.env.PORT || 3000);

function filePath() {
  return path.join(process.env.DATA_DIR || 'data', 'large.bin');
}

function notFound(res, message = 'Not found') {
  const body = JSON.stringify({ error: message });
  res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

// [start, end] (inclusive) for a satisfiable single "bytes=a-b" range, or null for anything else.
function parseRange(header, size) {
  const m = /^bytes=(\d+)-(\d+)$/.exec((header || '').trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = Math.min(Number(m[2]), size - 1);
  return start <= end ? [start, end] : null;
}

function download(req, res) {
  const file = filePath();
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) return notFound(res, 'large.bin is missing');
    const size = stat.size;
    const headers = {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': 'attachment; filename=large.bin',
      'Accept-Ranges': 'bytes',
      'Last-Modified': stat.mtime.toUTCString(),
    };
    const range = req.method === 'GET' ? parseRange(req.headers.range, size) : null;
    let start = 0;
    let end = size - 1;
    if (range) {
      [start, end] = range;
      headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    }
    headers['Content-Length'] = end - start + 1;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') return res.end();
    pipeline(fs.createReadStream(file, { start, end, highWaterMark: 256 * 1024 }), res, (e) => {
      if (e && e.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error('download failed:', e.message);
    });
  });
}

http
  .createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === '/download' && (req.method === 'GET' || req.method === 'HEAD')) return download(req, res);
    return notFound(res);
  })
  .listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
