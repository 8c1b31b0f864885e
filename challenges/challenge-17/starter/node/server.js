const express = require('express');

const app = express();

// NODE_ENV=development -> development mode; anything else -> production.

// TODO: GET /ok                 -> 200 {"ok": true}
// TODO: GET /error/bad-request  -> pass an error (status 400, message "Invalid input") to next()
// TODO: GET /error/forbidden    -> pass an error (status 403, message "Access denied") to next()
// TODO: GET /error/crash        -> throw new Error('Simulated crash')
// TODO: GET /error/async        -> an error 'Simulated async failure' raised after an await;
//                                  Express 4 does not catch async errors for you

// TODO: unknown routes -> a 404 error, through the same error handler

// TODO: the error handler, (err, req, res, next):
//       {"error": {"message": ..., "status": ...}}, plus "stack" in development only;
//       500s log their stack and say "Internal Server Error" in production

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
