// The well-behaved core that every node case of the hostile corpus builds on: it answers
// challenge-99 (GET / -> {"ok": true}, GET /echo?x=V -> {"x": V}). A case passes `handle` to take
// over some requests, and `status` to add findings to GET / (any finding fails the first check).
const http = require('http');

module.exports = function serve({ handle, status, host = '0.0.0.0', port } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://sandbox');
    if (handle && handle(req, res, url)) return;
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/') return res.end(JSON.stringify({ ok: true, ...(status ? status() : {}) }));
    if (url.pathname === '/echo') return res.end(JSON.stringify({ x: url.searchParams.get('x') }));
    res.statusCode = 404;
    res.end('{}');
  });
  server.listen(Number(port || process.env.PORT || 3000), host, () => console.log('listening'));
  return server;
};
