const express = require('express');

const app = express();

// TODO: parse JSON request bodies (express.json()).

// TODO: POST /users
//   - read name and email from the JSON body
//   - answer 400 {"error": "..."} when the body is not an object or name/email are missing or not strings
//   - otherwise answer 201 with { id, name, email } (id unique per created user)

// TODO: error-handling middleware (err, req, res, next) so that malformed JSON
//       gets a JSON 400 {"error": "..."} instead of Express's HTML error page.

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
