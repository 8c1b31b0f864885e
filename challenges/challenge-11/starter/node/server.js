const express = require('express');

const app = express();

// TODO: enable CORS with the `cors` package: every origin allowed, with credentials
// (the request's Origin reflected, never `*`), methods GET, POST, PUT, DELETE,
// request headers Content-Type and Authorization only.

// TODO: parse JSON bodies.

// TODO: GET /api/data -> 200 {"items": [...]}
// TODO: POST /api/data -> 201 with the JSON body that was sent

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
