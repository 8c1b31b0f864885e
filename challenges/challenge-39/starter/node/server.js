const express = require('express');
const session = require('express-session');

// OAUTH_PROVIDER_URL, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_REDIRECT_URI and SESSION_SECRET
// come from the environment.
const app = express();
app.use(session({ secret: process.env.SESSION_SECRET || 'dev', resave: false, saveUninitialized: false }));

// TODO: GET  /auth/login    -> 302 to OAUTH_PROVIDER_URL/authorize?response_type=code&client_id=...
//                              &redirect_uri=...&scope=profile%20email&state=<random, kept in the session>
// TODO: GET  /auth/callback -> check and spend the state (400), ?error= (401), no code (400),
//                              POST /token + GET /userinfo at the provider (502 on failure),
//                              then sign the user in (session) and redirect (302)
// TODO: GET  /me            -> 200 {id, sub, name, email} | 401
// TODO: POST /auth/logout   -> 204

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
