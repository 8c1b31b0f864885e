// Answers /echo with a 500 MB body, as fast as the client reads it.
require('./good')({ handle: (req, res, url) => {
  if (url.pathname !== '/echo') return false;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 * 1024 * 1024 });
  const chunk = Buffer.alloc(1024 * 1024, 97);
  let sent = 0;
  const pump = () => {
    while (sent < 500) { sent++; if (!res.write(chunk)) return res.once('drain', pump); }
    res.end();
  };
  pump();
  return true;
} });
