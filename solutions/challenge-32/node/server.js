const fs = require('fs');
const path = require('path');
const { pipeline } = require('stream');
const express = require('express');

const app = express();

const DATA_DIR = process.env.DATA_DIR || path.join(__dirname, 'data');
const FILE_PATH = path.join(DATA_DIR, 'large.bin');
const DOWNLOAD_NAME = 'large.bin';

// One range of the form bytes=a-b, bytes=a- or bytes=-n. Returns null when the header asks
// for something else (several ranges, other units): the whole file is sent then.
function parseRange(header, size) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start;
  let end;
  if (match[1] === '') {
    start = Math.max(size - Number(match[2]), 0); // suffix: the last n bytes
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return { unsatisfiable: true };
  return { start, end };
}

app.get('/download', (req, res, next) => {
  fs.stat(FILE_PATH, (err, stat) => {
    if (err) return res.status(404).json({ error: 'File not found' });

    const size = stat.size;
    let start = 0;
    let end = size - 1;
    const range = req.headers.range ? parseRange(req.headers.range, size) : null;
    if (range && range.unsatisfiable) {
      res.setHeader('Content-Range', `bytes */${size}`);
      return res.status(416).json({ error: 'Range not satisfiable' });
    }
    if (range) {
      ({ start, end } = range);
      res.status(206);
      res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    }

    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename="${DOWNLOAD_NAME}"`);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Length', end - start + 1);

    if (req.method === 'HEAD') return res.end();

    // createReadStream reads 64 KiB at a time; pipeline pauses it while the socket is full
    // (backpressure) and destroys both streams when the client goes away.
    const file = fs.createReadStream(FILE_PATH, { start, end }); // `end` is inclusive
    pipeline(file, res, (streamErr) => {
      if (streamErr && streamErr.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        console.error(`download failed: ${streamErr.message}`);
      }
    });
  });
});

app.use((req, res) => {
  res.status(404).json({ error: 'Not found' });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  console.error(err);
  if (res.headersSent) return res.destroy();
  res.status(500).json({ error: 'Internal server error' });
});

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}, serving ${FILE_PATH}`);
});
