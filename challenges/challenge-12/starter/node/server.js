const express = require('express');

const app = express();

// TODO: parse JSON bodies (and answer malformed JSON with a JSON 400, not Express's HTML page).

// TODO: POST /users with {"name": ..., "email": ...}
//   - name: required string, at least 2 characters after trimming whitespace
//   - email: required string of the form local@domain.tld
//   - any invalid field -> 400 {"errors": ["<one message per invalid field>", ...]}
//   - valid -> 201 {"name": ..., "email": ...}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
