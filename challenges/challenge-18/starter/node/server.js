const express = require('express');

const app = express();

// TODO: the token is process.env.API_TOKEN, or 'secret123' when it is unset or empty.

// TODO: an authentication middleware (req, res, next):
//       Authorization: Bearer <token> (scheme case-insensitive, token exact) -> attach
//       req.user = { id, name } and call next();
//       anything else -> 401 {"error": "..."} with the header WWW-Authenticate: Bearer

// TODO: GET /public             -> 200, no authentication
// TODO: GET /protected          -> 200 {"message": "Access granted", "user": req.user}
// TODO: GET /protected/profile  -> 200 {"user": req.user}
//       (both protected by the middleware)

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
