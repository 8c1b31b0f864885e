const express = require('express');

const app = express();

// TODO: parse JSON bodies (and answer malformed JSON with a JSON 400, not Express's HTML page).

// TODO: keep the todos in memory ({ id, title, completed }) and generate unique ids
//       (an id is never reused, even after a delete).

// TODO: GET    /todos      -> 200 [todo, ...]
// TODO: GET    /todos/:id  -> 200 todo | 404 {"error": "..."}
// TODO: POST   /todos      -> 201 todo | 400 {"error": "..."}   body {"title": "...", "completed": false}
// TODO: PUT    /todos/:id  -> 200 todo | 404 | 400               body {"title"?, "completed"?}
// TODO: DELETE /todos/:id  -> 204 (empty body) | 404

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
