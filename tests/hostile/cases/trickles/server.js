// Sends headers, then one byte every 0.5 s forever: no single read ever times out.
require('./good')({ handle: (req, res, url) => {
  if (url.pathname !== '/echo') return false;
  res.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => res.write(' '), 500);
  res.on('close', () => clearInterval(timer));
  return true;
} });
