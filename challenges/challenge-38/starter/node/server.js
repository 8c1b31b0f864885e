const express = require('express');
const { Pool } = require('pg');

const app = express();
app.use(express.json());
// DATABASE_URL (and PGHOST, ...) and SMTP_HOST / SMTP_PORT come from the grader, as do
// JWT_SECRET, ACCESS_TOKEN_TTL_SECONDS and RESET_TOKEN_TTL_SECONDS.
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// TODO: at start-up, before listening, create the tables when missing:
//   users (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL)
//   + your own tables for refresh-token sessions and reset tokens.
// TODO: POST /auth/register                {email, password} -> 201 {id, email} | 400 | 409
// TODO: POST /auth/login                   {email, password} -> 200 token pair | 400 | 401
// TODO: GET  /auth/me                      Bearer access token -> 200 {id, email} | 401
// TODO: POST /auth/refresh                 {refreshToken} -> 200 new pair | 401 (a reused token revokes its session)
// TODO: POST /auth/logout                  {refreshToken} -> 204
// TODO: POST /auth/password-reset/request  {email} -> 202, mails a link with ?token=... (nodemailer)
// TODO: POST /auth/password-reset/confirm  {token, password} -> 204 | 400
// Never store a password in clear: bcryptjs or crypto.scrypt with a random salt.

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
