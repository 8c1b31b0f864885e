// Answers /echo with a gzip bomb: ~4 MB on the wire that decodes to 4 GiB of zeros.
// Built in an instant without compressing 4 GiB: one deflate segment of 1 MiB of zeros, ended with
// a full flush (byte-aligned, dictionary reset), repeated 4096 times, then an empty final block.
// The trailer's CRC is left zero: a grader that stops at its decoded-size cap never reaches it.
const zlib = require('zlib');
const segment = zlib.deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
const end = Buffer.concat([Buffer.from([3, 0]), Buffer.alloc(8)]);
require('./good')({ handle: (req, res, url) => {
  if (url.pathname !== '/echo') return false;
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip',
    'content-length': header.length + 4096 * segment.length + end.length });
  res.write(header);
  let sent = 0;
  const pump = () => {
    while (sent < 4096) { sent++; if (!res.write(segment)) return res.once('drain', pump); }
    res.end(end);
  };
  pump();
  return true;
} });
