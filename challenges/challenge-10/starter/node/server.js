const express = require('express');

// TODO: load a .env file from the working directory (dotenv); real environment variables must
// keep priority over the values in .env.

const app = express();

// TODO: GET /config -> 200 {"port": <the port the server listens on, a number>,
//                           "apiKeyConfigured": <true when API_KEY is set and non-empty>}
// TODO: GET /secret -> X-API-Key header equal to API_KEY: 200 {"message": "Access granted"};
//                      wrong or missing header: 401 {"error": "..."};
//                      API_KEY not configured: 500 {"error": "..."}.
// Never send the value of API_KEY in a response.

// TODO: read PORT from the configuration (default 3000).
const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
