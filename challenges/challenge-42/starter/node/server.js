const express = require('express');
// const multer = require('multer');
// const sharp = require('sharp');

const app = express();

// TODO: multer with memoryStorage and a 2 MiB file size limit (LIMIT_FILE_SIZE -> 413).

// TODO: POST /images/resize (multipart: image, width, height, format)
//       400 {"error"} for a missing image or bad width/height/format
//       415 {"error"} when the content is not a JPEG, PNG or WebP image
//       200 the resized image (fit inside the box, aspect kept, never enlarged),
//           converted to `format` (default: the input's), with its Content-Type

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
