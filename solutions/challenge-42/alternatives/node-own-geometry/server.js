// Alternative to the sharp reference: computes the size itself (Math.round, never enlarging) and
// resizes to exactly that; multer's errors go through an error middleware; the output encoder is
// chosen by name (.jpeg() / .png() / .webp()).
const express = require('express');
const multer = require('multer');
const sharp = require('sharp');

const TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const app = express();
const upload = multer({ limits: { fileSize: 2097152 } });

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function boxSide(raw, name) {
  if (raw == null) return null;
  const n = /^[0-9]+$/.test(raw) ? parseInt(raw, 10) : NaN;
  if (!(n >= 1 && n <= 4000)) throw new HttpError(400, `${name} must be 1..4000`);
  return n;
}

app.post('/images/resize', upload.single('image'), async (req, res, next) => {
  try {
    if (!req.file) throw new HttpError(400, 'image is required');
    const w = boxSide(req.body.width, 'width');
    const h = boxSide(req.body.height, 'height');
    if (w === null && h === null) throw new HttpError(400, 'width or height is required');
    if (req.body.format != null && !TYPES[req.body.format]) throw new HttpError(400, 'bad format');

    const meta = await sharp(req.file.buffer).metadata().catch(() => ({}));
    if (!TYPES[meta.format]) throw new HttpError(415, 'only JPEG, PNG and WebP images');
    const scales = [];
    if (w !== null) scales.push(w / meta.width);
    if (h !== null) scales.push(h / meta.height);
    const scale = Math.min(1, ...scales);
    const size = {
      width: Math.max(1, Math.round(meta.width * scale)),
      height: Math.max(1, Math.round(meta.height * scale)),
    };
    const format = req.body.format || meta.format;
    const out = await sharp(req.file.buffer).resize({ ...size, fit: 'fill' })[format]().toBuffer();
    res.set('Content-Type', TYPES[format]).end(out);
  } catch (err) {
    next(err);
  }
});

app.use((err, req, res, next) => {
  if (err instanceof multer.MulterError) {
    return res.status(err.code === 'LIMIT_FILE_SIZE' ? 413 : 400).json({ error: err.message });
  }
  res.status(err.status || 415).json({ error: err.message });
});

app.listen(process.env.PORT || 3000, '0.0.0.0');
