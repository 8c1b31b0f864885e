// Answers /echo with JSON nested a million arrays deep: Python's parser recurses once per level.
const body = '['.repeat(1000000) + ']'.repeat(1000000);
require('./good')({ handle: (req, res, url) => {
  if (url.pathname !== '/echo') return false;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
  return true;
} });
