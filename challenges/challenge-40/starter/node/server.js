const express = require('express');

const app = express();
app.use(express.json());

// V1_DEPRECATED_AT and V1_SUNSET_AT (ISO 8601, UTC) come from the environment.
// One store of users {id, firstName, lastName, email}, two shapes:
//   v1 user {id, name: "First Last", email}; v1 list: a bare array
//   v2 user {id, firstName, lastName, email}; v2 list: {data: [...], total}
// TODO: POST /api/v2/users -> 201 v2 user | 400
// TODO: GET  /api/v1/users, /api/v1/users/:id, /api/v2/users, /api/v2/users/:id (404 unknown id)
// TODO: every v1 response: API-Version: v1, Deprecation: @<unix seconds>, Sunset: <HTTP-date>,
//       Link: </api/v2/...>; rel="successor-version"; 410 once V1_SUNSET_AT has passed
// TODO: /api/users...: the version of the Accept-Version header (v2 when absent; unknown -> 400
//       {error, supportedVersions}), Vary: Accept-Version; /api/v3/... -> 404 {error, supportedVersions}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
