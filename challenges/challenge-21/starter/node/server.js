const express = require('express');

const app = express();

// TODO: parse JSON request bodies (express.json()).

// TODO: POST /users {"name", "email"}
//   -> 201 {"id", "name", "email"}, ids 1, 2, 3, ... in creation order (kept in memory)

// TODO: GET /export/users
//   - Content-Type: text/csv
//   - Content-Disposition: attachment; filename="users.csv"
//   - body: header row id,name,email, then one row per user; quote fields that contain
//     a comma, a double quote, CR or LF, and double the quotes inside them

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
