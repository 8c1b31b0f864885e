const express = require('express');

const app = express();

// TODO: parse JSON bodies (and answer malformed JSON with a JSON 400, not Express's HTML page).

// TODO: POST /validate-email with {"email": "<string>"}
//   - email missing or not a string -> 400 {"error": "..."}
//   - otherwise 200 {"email": <trimmed>, "valid": <errors is empty>, "errors": [...]}
//     with the exact message of every rule of the README that the trimmed address breaks,
//     in the README's order.

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
