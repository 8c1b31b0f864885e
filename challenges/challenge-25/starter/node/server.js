const express = require('express');
// const jwt = require('jsonwebtoken');

const app = express();

// TODO: read the signing key from process.env.JWT_SECRET.

// TODO: middleware that verifies "Authorization: Bearer <token>":
//   - HS256 only, signed with JWT_SECRET, numeric exp in the future (no exp -> rejected)
//   - attach the decoded claims to req (e.g. req.user) and call next()
//   - otherwise answer 401 {"error": "..."}

// TODO: GET /profile (any valid token) -> 200 {"user": <decoded claims>}

// TODO: GET /admin (valid token) -> 200 {"message": "..."} when role === "admin",
//       403 {"error": "..."} for any other role

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
