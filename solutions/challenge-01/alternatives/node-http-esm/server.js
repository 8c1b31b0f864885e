// Alternative: no Express, plain node:http as an ES module; the body is serialised once and sent
// with an explicit Content-Length (fixed-length, not chunked) and a lower-case content-type header.
import { createServer } from "node:http";

const PORT = Number(process.env.PORT ?? 3000);
const BODY = Buffer.from(JSON.stringify({ message: "Hello World" }));

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, "http://localhost");
  if (req.method === "GET" && pathname === "/") {
    res.writeHead(200, { "content-type": "application/json", "content-length": BODY.length });
    res.end(BODY);
    return;
  }
  const notFound = Buffer.from(JSON.stringify({ error: "not found" }));
  res.writeHead(404, { "content-type": "application/json", "content-length": notFound.length });
  res.end(notFound);
});

server.listen(PORT, "0.0.0.0", () => console.log(`listening on 0.0.0.0:${PORT}`));
