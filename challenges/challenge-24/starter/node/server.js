const express = require('express');
// const jwt = require('jsonwebtoken');

const app = express();

// TODO: read the signing key from process.env.JWT_SECRET.

// TODO: parse JSON bodies (and answer malformed JSON with a JSON 400, not Express's HTML page).

// TODO: the fixed users: admin / "admin-pass-123" (role "admin"), alice / "wonderland-42" (role "user").

// TODO: POST /login with {"username": ..., "password": ...}
//   - missing, empty or non-string username/password -> 400 {"error": "..."}
//   - unknown user or wrong password -> 401 {"error": "..."}
//   - valid -> 200 {"token": <HS256 JWT with sub, role, iat, exp = iat + 3600>, "expiresIn": 3600}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
