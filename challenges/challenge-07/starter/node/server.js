const express = require('express');

const app = express();

// TODO: GET /status/:code
//   - :code is one of 200, 201, 400, 401, 403, 404, 500, 503
//       -> answer with exactly that status and {"code": <number>, "message": <reason phrase>}
//   - anything else (other numbers, non-numeric text)
//       -> 400 with {"error": "<a short explanation>"}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
