const express = require('express');
// const mongoose = require('mongoose');

const app = express();
app.use(express.json());

// TODO: connect: mongoose.connect(process.env.MONGODB_URI)
// TODO: the User schema (collection "users"): name required, email required + unique, age >= 0

// TODO: POST   /users      -> 201 the user | 400 (names the field) | 409 duplicate email
// TODO: GET    /users      -> 200 [users]
// TODO: GET    /users/:id  -> 200 | 400 not an ObjectId | 404
// TODO: PUT    /users/:id  -> 200 | 400 | 404 | 409
// TODO: DELETE /users/:id  -> 204 | 400 | 404
// TODO: an error handler: malformed JSON -> 400 JSON, other errors -> 500 JSON

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
