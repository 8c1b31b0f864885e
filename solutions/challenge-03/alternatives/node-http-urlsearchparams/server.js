// Alternative: no Express (CommonJS on node:http); the query string is parsed with WHATWG
// URLSearchParams, whose get() already returns the first of repeated values, and the body is chunked.
const http = require("node:http");

const DIGITS = /^[0-9]+$/;

function send(res, status, payload) {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.write(JSON.stringify(payload)); // no Content-Length: Node sends it chunked
  res.end();
}

function parseLimit(raw) {
  if (raw === null) return 10;
  if (!DIGITS.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 && value <= 100 ? value : null;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://placeholder");
  if (req.method !== "GET" || url.pathname !== "/search") {
    send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    return;
  }
  const q = url.searchParams.get("q") ?? "";
  const limit = parseLimit(url.searchParams.get("limit"));
  if (limit === null) {
    send(res, 400, { error: "limit must be a whole number from 1 to 100" });
    return;
  }
  send(res, 200, { q, limit });
});

server.listen(Number(process.env.PORT || 3000), "0.0.0.0");
