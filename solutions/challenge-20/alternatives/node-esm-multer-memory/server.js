// ES module; multer keeps the file in memory (memoryStorage) and the route writes it itself under a
// UUID name only once every check passed, so a refused upload never touches uploads/.
import express from 'express';
import multer from 'multer';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const UPLOAD_DIR = path.resolve('uploads');
const MAX_BYTES = 5 * 1024 * 1024;
const EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.gif']);
const MIME_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_BYTES, files: 1 },
}).single('file');

const app = express();

app.post('/upload', (req, res) => {
  upload(req, res, async (err) => {
    if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
      return res.status(413).json({ error: `The file exceeds ${MAX_BYTES} bytes` });
    }
    if (err) return res.status(400).json({ error: `Upload rejected: ${err.message}` });
    const file = req.file;
    if (!file) return res.status(400).json({ error: 'Send the image in a multipart part named "file"' });
    const ext = path.extname(file.originalname).toLowerCase();
    if (!EXTENSIONS.has(ext) || !MIME_TYPES.has(file.mimetype)) {
      return res.status(400).json({ error: `Unsupported file type ${ext || '(none)'} / ${file.mimetype}` });
    }
    const stored = `${randomUUID()}${ext}`;
    await mkdir(UPLOAD_DIR, { recursive: true });
    await writeFile(path.join(UPLOAD_DIR, stored), file.buffer, { flag: 'wx' });
    return res.status(201).json({
      filename: stored,
      originalName: file.originalname,
      size: file.size,
      mimetype: file.mimetype,
      url: `/uploads/${stored}`,
    });
  });
});

app.get('/uploads', async (req, res) => {
  try {
    res.json({ files: await readdir(UPLOAD_DIR) });
  } catch (err) {
    if (err.code === 'ENOENT') return res.json({ files: [] });
    throw err;
  }
});

app.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
