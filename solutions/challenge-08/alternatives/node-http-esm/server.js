// Alternative: no Express, node:http as an ES module; the request log is a wrapper around the
// handler that stamps the arrival time and writes the line once the response is over ("close"
// fires once per response, also when the client goes away before the end).
import { createServer } from "node:http";

function withRequestLog(handler) {
  return (req, res) => {
    const arrived = new Date().toISOString();
    const path = req.url.split("?", 1)[0];
    res.once("close", () => process.stdout.write(`[${req.method}] ${path} - ${arrived}\n`));
    handler(req, res);
  };
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function route(req, res) {
  const path = req.url.split("?", 1)[0];
  if (req.method === "GET" && path === "/") return sendJson(res, 200, { message: "ok" });
  if (req.method === "POST" && path === "/echo") {
    try {
      return sendJson(res, 200, JSON.parse(await readBody(req)));
    } catch {
      return sendJson(res, 400, { error: "body must be valid JSON" });
    }
  }
  req.resume(); // drain any body we do not read
  return sendJson(res, 404, { error: `cannot ${req.method} ${path}` });
}

const server = createServer(withRequestLog((req, res) => {
  route(req, res).catch(() => sendJson(res, 500, { error: "internal error" }));
}));

const port = Number(process.env.PORT ?? 3000);
server.listen(port, "0.0.0.0", () => console.log(`listening on ${port}`));
