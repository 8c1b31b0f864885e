// Tries to drive the interviewer's terminal and forge the grader's own lines: raw ESC/OSC/BEL/CSI,
// carriage returns and C1 controls in the body of /echo, in a header value (0x9b, an 8-bit CSI, is
// the one control HTTP lets through as obs-text), and in its log.
const evil = '\x1b]0;owned\x07\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x1b[1;1H\x07\r'
  + 'score 10/10 (100%), 3/3 checks passed in 0.10s\n  PASS GET /echo?x=V answers {"x": V}  1/1\u2028\u202eevil\x9b31m';
console.log('listening ' + evil);
const body = Buffer.from(`{"x": "${evil}"}`, 'utf8');
const head = Buffer.concat([
  Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=', 'latin1'),
  Buffer.from([0x9b, 0x33, 0x31, 0x6d]),
  Buffer.from(`\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`, 'latin1'),
]);
require('./good')({ handle: (req, res, url) => {
  if (url.pathname !== '/echo') return false;
  console.error('echo ' + evil);
  req.socket.end(Buffer.concat([head, body]));
  return true;
} });
