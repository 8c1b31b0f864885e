// Alternative: plain node:http (CommonJS, no Express), the query read with URLSearchParams, and the
// page streamed item by item (chunked transfer encoding, no Content-Length).
const http = require('node:http');

const TOTAL = 95;
const MAX_LIMIT = 100;
const items = Array.from({ length: TOTAL }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}` }));

// Returns the number, or null when the text is not a positive integer in decimal digits.
function positiveInt(text) {
  if (!/^[0-9]+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}

function sendError(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: message }));
}

function listItems(query, res) {
  let page = 1;
  let limit = 10;
  if (query.has('page')) {
    page = positiveInt(query.get('page'));
    if (page === null) return sendError(res, 400, `Invalid page "${query.get('page')}": expected a positive integer`);
  }
  if (query.has('limit')) {
    limit = positiveInt(query.get('limit'));
    if (limit === null || limit > MAX_LIMIT) {
      return sendError(res, 400, `Invalid limit "${query.get('limit')}": expected an integer from 1 to ${MAX_LIMIT}`);
    }
  }
  const start = (page - 1) * limit;
  const data = start < TOTAL ? items.slice(start, start + limit) : [];

  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.write(`{"page":${page},"limit":${limit},"total":${TOTAL},"totalPages":${Math.ceil(TOTAL / limit)},"data":[`);
  data.forEach((item, i) => res.write((i ? ',' : '') + JSON.stringify(item)));
  res.end(']}');
  return undefined;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/items') return listItems(url.searchParams, res);
  return sendError(res, 404, 'Not found');
});

const port = Number(process.env.PORT || 3000);
server.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
