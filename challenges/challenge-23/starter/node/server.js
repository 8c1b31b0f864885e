const express = require('express');

const app = express();
app.use(express.json());

// TODO: POST /comment {"text": "..."}
//   1. text must be a string                      -> else 400 {"error": "..."}
//   2. remove HTML (script/style with content)     e.g. require('sanitize-html')
//   3. trim
//   4. empty -> 400; longer than 500 characters    -> 400
//   -> 201 {"comment": "<sanitised text>"}

// TODO: invalid JSON bodies -> 400 {"error": "..."} (express.json() answers HTML by default)

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
