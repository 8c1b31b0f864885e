const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const express = require('express');
const multer = require('multer');

const app = express();

const UPLOAD_DIR = 'uploads';
const MAX_FILE_SIZE = 5 * 1024 * 1024;
const ALLOWED_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.gif'];
const ALLOWED_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif'];

const storage = multer.diskStorage({
  destination: UPLOAD_DIR, // a string: multer creates the folder
  filename: (req, file, cb) => {
    const ext = path.extname(file.originalname).toLowerCase();
    cb(null, `${Date.now()}-${crypto.randomBytes(6).toString('hex')}${ext}`);
  },
});

function imagesOnly(req, file, cb) {
  const ext = path.extname(file.originalname).toLowerCase();
  const extOk = ALLOWED_EXTENSIONS.includes(ext);
  const mimeOk = ALLOWED_MIME_TYPES.includes(file.mimetype);
  if (extOk && mimeOk) {
    cb(null, true);
  } else {
    const err = new Error('Only JPEG, PNG and GIF images are allowed');
    err.status = 400;
    cb(err);
  }
}

const upload = multer({
  storage,
  fileFilter: imagesOnly,
  limits: { fileSize: MAX_FILE_SIZE },
});

app.post('/upload', upload.single('file'), (req, res) => {
  if (!req.file) {
    return res.status(400).json({ error: 'No file uploaded (use the field name "file")' });
  }
  res.status(201).json({
    filename: req.file.filename,
    originalName: req.file.originalname,
    size: req.file.size,
    mimetype: req.file.mimetype,
  });
});

app.get('/uploads', (req, res, next) => {
  fs.readdir(UPLOAD_DIR, (err, names) => {
    if (err && err.code === 'ENOENT') return res.json({ files: [] });
    if (err) return next(err);
    res.json({ files: names });
  });
});

app.use((req, res) => {
  res.status(404).json({ error: 'Not found' });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      return res.status(413).json({ error: 'File too large (max 5 MiB)' });
    }
    return res.status(400).json({ error: err.message });
  }
  const status = err.status || err.statusCode || 500;
  res.status(status).json({ error: status === 500 ? 'Internal server error' : err.message });
});

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
