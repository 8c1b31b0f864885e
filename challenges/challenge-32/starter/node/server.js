const path = require('path');
const express = require('express');
// const fs = require('fs');
// const { pipeline } = require('stream');

const app = express();

// The grader puts large.bin (300 MiB) in the directory named by DATA_DIR.
const DATA_DIR = process.env.DATA_DIR || path.join(__dirname, 'data');
const FILE_PATH = path.join(DATA_DIR, 'large.bin');

// TODO: GET /download (Express answers HEAD with the GET route too)
//   - headers: Content-Type application/octet-stream, Content-Length (fs.stat),
//     Content-Disposition: attachment; filename="large.bin"
//   - stream the file: fs.createReadStream(FILE_PATH).pipe(res) (never fs.readFile: the
//     server has 256 MiB of memory, the file is 300 MiB)
//   - Range: bytes=a-b -> 206, Content-Range: bytes a-b/size, only those bytes
//     (createReadStream's `end` option is inclusive)
//   - HEAD: headers only

// TODO: every other path -> 404 {"error": "..."}

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}, serving ${FILE_PATH}`);
});
