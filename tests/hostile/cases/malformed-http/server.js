// A raw TCP server: a proper answer on GET /, garbage that is not HTTP on anything else.
const net = require('net');
net.createServer((sock) => {
  sock.once('data', (buf) => {
    const path = buf.toString().split(' ')[1] || '';
    if (path === '/') {
      const body = '{"ok":true}';
      sock.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    } else {
      sock.end('THIS IS NOT HTTP AT ALL\r\n\r\n');
    }
  });
}).listen(Number(process.env.PORT || 3000), '0.0.0.0');
