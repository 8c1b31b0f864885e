const express = require('express');

const app = express();

// TODO: GET /       -> 200 {"message": "ok"}
// TODO: GET /health -> 200 {"status": "ok"}

// TODO: a catch-all 404 handler: every other route, with any method,
//       -> 404 with the JSON body {"error": "Not Found"}
//       (think about where it has to be registered)

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
