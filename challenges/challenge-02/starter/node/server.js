const express = require('express');

const app = express();

// TODO: GET /users/:id -> 200 with {"id": "<the id from the path, as a string>", "message": "User found"}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
