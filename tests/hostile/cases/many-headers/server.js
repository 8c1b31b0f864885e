// Answers /echo with 20,000 header lines (written raw: Node's own server would send them too, but
// this way nothing in between can trim them).
const head = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n'
  + Array.from({ length: 20000 }, (_, i) => `x-h${i}: v\r\n`).join('') + 'content-length: 2\r\nconnection: close\r\n\r\n{}';
require('./good')({ handle: (req, res, url) => {
  if (url.pathname !== '/echo') return false;
  req.socket.end(head);
  return true;
} });
