const express = require('express');
// const cookieParser = require('cookie-parser');

const COOKIE_SECRET = process.env.COOKIE_SECRET || 'dev-secret';

const app = express();
app.use(express.json());

// TODO: parse cookies with cookie-parser and COOKIE_SECRET (signed ones land in req.signedCookies,
//       with the value false when the signature does not match; unsigned ones in req.cookies).

// TODO: POST /cookies {"name", "value"} -> 201 {"name", "value"} and a SIGNED cookie:
//       HttpOnly, Path=/, SameSite=Strict, Max-Age=86400 (Express maxAge is in milliseconds);
//       invalid name/value -> 400 {"error"}.
// TODO: GET /cookies/:name -> 200 {"name", "value"} (valid) | 404 (absent) | 401 (unsigned or tampered).
// TODO: GET /cookies -> 200 {"cookies": {name: value}} of the valid signed cookies only.
// TODO: DELETE /cookies/:name -> 204 and clear the cookie.
// TODO: answer malformed JSON with 400 {"error"} (express.json() sends HTML otherwise).

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
