const express = require('express');
// const multer = require('multer');

const app = express();

// TODO: configure multer
//   - diskStorage: store files in uploads/ (relative to the working directory) under a unique
//     name, so that two uploads of the same original name never overwrite each other
//   - fileFilter: accept only .jpg/.jpeg/.png/.gif (any letter case) declared as
//     image/jpeg, image/png or image/gif
//   - limits: { fileSize: 5 * 1024 * 1024 }

// TODO: POST /upload (multipart field "file")
//   - no file -> 400 {"error": "..."}
//   - stored -> 201 {"filename", "originalName", "size", "mimetype"}

// TODO: GET /uploads -> 200 {"files": [names of the files in uploads/]}

// TODO: error-handling middleware (err, req, res, next):
//   file too large (MulterError LIMIT_FILE_SIZE) -> 413 {"error": "..."};
//   wrong type and other upload errors -> 400 {"error": "..."}

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
