// Load .env from the working directory. dotenv never overwrites a variable that is already set,
// so the real environment keeps priority over the file.
require('dotenv').config();

const express = require('express');

const PORT = Number.parseInt(process.env.PORT, 10) || 3000;
const API_KEY = process.env.API_KEY || '';

const app = express();

app.get('/config', (req, res) => {
  // Report whether a key is configured, never the key itself.
  res.status(200).json({ port: PORT, apiKeyConfigured: API_KEY.length > 0 });
});

app.get('/secret', (req, res) => {
  if (!API_KEY) {
    return res.status(500).json({ error: 'API_KEY is not configured on the server' });
  }
  if (req.get('X-API-Key') !== API_KEY) {
    return res.status(401).json({ error: 'Invalid or missing API key' });
  }
  return res.status(200).json({ message: 'Access granted' });
});

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (API key configured: ${API_KEY.length > 0})`);
});
