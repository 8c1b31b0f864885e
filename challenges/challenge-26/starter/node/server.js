const express = require('express');
// const bcrypt = require('bcrypt'); // or require('bcryptjs'), same API

const app = express();

// TODO: parse JSON bodies (and answer malformed JSON with a JSON 400, not Express's HTML page).

// TODO: keep the users in memory and write them to users.json (in the working directory)
//       as [{"username": ..., "passwordHash": ...}, ...] before answering 201.

// TODO: POST /register with {"username": ..., "password": ...}
//   - username 3-30 characters of [A-Za-z0-9_], password at least 8 characters, else 400 {"error": "..."}
//   - username already taken -> 409 {"error": "..."}
//   - hash the password with bcrypt (cost >= 10), store, then 201 {"message": "...", "username": ...}

// TODO: POST /login with {"username": ..., "password": ...}
//   - bcrypt compare -> 200 {"message": "Login successful"}
//   - unknown user or wrong password -> 401 {"error": "..."}; missing fields -> 400

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
