const express = require('express');

const app = express();

// The codes this API can produce, with their standard reason phrases (RFC 9110).
const REASON_PHRASES = new Map([
  [200, 'OK'],
  [201, 'Created'],
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [500, 'Internal Server Error'],
  [503, 'Service Unavailable'],
]);

app.get('/status/:code', (req, res) => {
  const raw = req.params.code;

  // Plain decimal digits only: parseInt('200x') is 200 and Number('2e2') is 200 too,
  // so neither can be trusted on its own.
  if (!/^[0-9]+$/.test(raw)) {
    return res.status(400).json({ error: `"${raw}" is not a status code` });
  }

  const code = Number(raw);
  if (!REASON_PHRASES.has(code)) {
    return res.status(400).json({ error: `status code ${code} is not supported` });
  }

  res.status(code).json({ code, message: REASON_PHRASES.get(code) });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
