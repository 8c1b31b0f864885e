const express = require('express');
// const session = require('express-session');

const SESSION_SECRET = process.env.SESSION_SECRET || 'dev-secret';
const SESSION_MAX_AGE = Number.parseInt(process.env.SESSION_MAX_AGE, 10) || 3600; // seconds

const app = express();
app.use(express.json());

// TODO: configure express-session: secret SESSION_SECRET, resave: false,
//       saveUninitialized: false, cookie { httpOnly, sameSite: 'lax', path: '/',
//       maxAge: SESSION_MAX_AGE seconds (express-session wants milliseconds) }.

// TODO: POST /login {"username": non-empty string} -> 200 {"username"}, starts a NEW session
//       (regenerate it) holding the username and a visit counter at 0; invalid body -> 400 {"error"}.
// TODO: GET /me -> 200 {"username", "visits"} (visits: this session's GET /me count, 1 on the
//       first call); no valid session -> 401 {"error"}.
// TODO: POST /logout -> 200 and destroy the session on the server.
// TODO: answer malformed JSON with 400 {"error"} (express.json() sends HTML otherwise).

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
