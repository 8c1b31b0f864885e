const express = require('express');
// const fs = require('fs');
// const morgan = require('morgan');

const app = express();

// TODO: request logging with morgan, registered before the routes
//   - write to access.log in the working directory, appending (fs.createWriteStream(..., { flags: 'a' }))
//   - NODE_ENV === 'production' -> 'combined' format, anything else -> 'dev' format

// TODO: GET /            -> 200 {"message": "ok"}
// TODO: GET /users/:id   -> 200 {"id": "<the path segment>"}
// TODO: POST /echo       -> 200, the JSON body echoed back (express.json())

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
