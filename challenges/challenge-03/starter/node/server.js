const express = require('express');

const app = express();

// TODO: GET /search?q=term&limit=10
//   -> 200 {"q": <string, default "">, "limit": <integer 1..100, default 10>}
//   -> 400 {"error": "..."} when limit is present but invalid

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
