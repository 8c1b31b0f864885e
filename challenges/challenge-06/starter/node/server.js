const express = require('express');

const app = express();

// TODO: hard-coded data (at least 2 items each)
//   users:    { id, name }
//   posts:    { id, userId, title }   (userId = the id of one of the users)
//   comments: { id, postId, body }    (postId = the id of one of the posts)

// TODO: GET /users    -> 200 with the users array as JSON
// TODO: GET /posts    -> 200 with the posts array as JSON
// TODO: GET /comments -> 200 with the comments array as JSON

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
