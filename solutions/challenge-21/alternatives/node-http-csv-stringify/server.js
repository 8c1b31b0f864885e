// Plain node:http (CommonJS, no Express) and the csv-stringify library for the quoting: the export
// is streamed (chunked transfer encoding, no Content-Length) from csv-stringify's stream API.
const http = require('node:http');
const { stringify } = require('csv-stringify');

const users = [];

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

async function createUser(req, res) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return json(res, 400, { error: 'Body must be JSON' });
  }
  if (!body || typeof body.name !== 'string' || typeof body.email !== 'string') {
    return json(res, 400, { error: 'name and email must be strings' });
  }
  const user = { id: users.length + 1, name: body.name, email: body.email };
  users.push(user);
  return json(res, 201, user);
}

function exportUsers(req, res) {
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="users.csv"',
  });
  // csv-stringify quotes a field containing the record delimiter (here \r\n), not a lone \n or \r:
  // quoted_match makes it quote every field with a line break, as RFC 4180 requires.
  const csv = stringify({
    header: true,
    columns: ['id', 'name', 'email'],
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
  csv.pipe(res);
  for (const user of users.slice()) csv.write(user);
  csv.end();
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && pathname === '/users') {
    createUser(req, res).catch(() => json(res, 500, { error: 'Internal error' }));
  } else if (req.method === 'GET' && pathname === '/export/users') {
    exportUsers(req, res);
  } else {
    json(res, 404, { error: `No route for ${req.method} ${pathname}` });
  }
});

server.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
