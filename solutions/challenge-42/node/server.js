const express = require('express');
const multer = require('multer');
const sharp = require('sharp');

const MAX_BYTES = 2 * 1024 * 1024;
const MAX_SIDE = 4000;
const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_BYTES, files: 1 } });

const app = express();

const fail = (res, status, error) => res.status(status).json({ error });

// a box side: undefined when absent, NaN when not an integer from 1 to MAX_SIDE
function side(value) {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(String(value).trim())) return NaN;
  const n = Number(value);
  return n >= 1 && n <= MAX_SIDE ? n : NaN;
}

app.post('/images/resize', (req, res) => {
  upload.single('image')(req, res, async (err) => {
    if (err) {
      if (err.code === 'LIMIT_FILE_SIZE') return fail(res, 413, 'the image is larger than 2 MiB');
      return fail(res, 400, err.message || 'invalid upload');
    }
    if (!req.file) return fail(res, 400, 'an image file part is required');
    const width = side(req.body.width);
    const height = side(req.body.height);
    if (Number.isNaN(width) || Number.isNaN(height)) return fail(res, 400, `width and height must be integers from 1 to ${MAX_SIDE}`);
    if (width === undefined && height === undefined) return fail(res, 400, 'width or height is required');
    const asked = req.body.format;
    if (asked !== undefined && !Object.hasOwn(FORMATS, asked)) return fail(res, 400, 'format must be jpeg, png or webp');

    let input;
    try {
      input = sharp(req.file.buffer);
      const { format } = await input.metadata();
      if (!Object.hasOwn(FORMATS, format)) throw new Error(`unsupported format ${format}`);
    } catch {
      // decided by the content: sharp reads the bytes, whatever the name or declared type says
      return fail(res, 415, 'not a JPEG, PNG or WebP image');
    }
    try {
      const format = asked || (await input.metadata()).format;
      const out = await input
        .resize({ width, height, fit: 'inside', withoutEnlargement: true })
        .toFormat(format)
        .toBuffer();
      res.type(FORMATS[format]).send(out);
    } catch {
      fail(res, 415, 'the image could not be decoded');
    }
  });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
