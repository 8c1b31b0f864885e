// Alternative: Koa (ES module) with hand-rolled routing on ctx.path; reason phrases come from
// node:http's STATUS_CODES table, restricted to the supported codes, instead of a literal map.
import Koa from "koa";
import { STATUS_CODES } from "node:http";

const SUPPORTED = new Set([200, 201, 400, 401, 403, 404, 500, 503]);
const ROUTE = /^\/status\/([^/]+)$/;

const app = new Koa();

app.use(async (ctx, next) => {
  const match = ctx.method === "GET" ? ROUTE.exec(ctx.path) : null;
  if (!match) return next();
  let raw = match[1];
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // a malformed escape is simply not a number: rejected below
  }
  const code = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!SUPPORTED.has(code)) {
    ctx.status = 400;
    ctx.body = { error: `unsupported status code: ${raw}`, supported: [...SUPPORTED] };
    return;
  }
  ctx.status = code;
  ctx.body = { code, message: STATUS_CODES[code] };
});

app.use(async (ctx) => {
  ctx.status = 404;
  ctx.body = { error: "no such route" };
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, "0.0.0.0", () => console.log(`koa on ${port}`));
