// challenge-51 alternative: knex builds the SQL (`?` placeholders in toSQL(), bindings as the
// params), Express's qs parser reads the query string ({ price: { gt: '10' } }), ES modules.
import express from 'express';
import knexFactory from 'knex';

const db = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 6 } });
const app = express();
app.use(express.json());

const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const parse = {
  int(v) { if (!/^-?\d{1,9}$/.test(v)) throw bad(`not an integer: ${v}`); return parseInt(v, 10); },
  num(v) { if (!/^-?(\d+\.?\d*|\.\d+)$/.test(v)) throw bad(`not a number: ${v}`); return parseFloat(v); },
  str(v) { return v; },
  bool(v) { if (v !== 'true' && v !== 'false') throw bad(`not a boolean: ${v}`); return v === 'true'; },
  time(v) {
    const t = Date.parse(v);
    if (!ISO.test(v) || Number.isNaN(t)) throw bad(`not a timestamp: ${v}`);
    return new Date(t).toISOString();
  },
};
const CMP = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const COLUMNS = new Map([
  ['id', { parse: parse.int, ops: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'] }],
  ['name', { parse: parse.str, ops: ['eq', 'ne', 'in', 'contains'] }],
  ['price', { parse: parse.num, ops: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'] }],
  ['category', { parse: parse.str, ops: ['eq', 'ne', 'in', 'contains'] }],
  ['in_stock', { parse: parse.bool, ops: ['eq', 'ne'] }],
  ['created_at', { parse: parse.time, ops: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] }],
]);

function bad(message) { return Object.assign(new Error(message), { status: 400 }); }
function column(name) { if (!COLUMNS.has(name)) throw bad(`unknown column: ${name}`); return name; }
function whole(v, lo, hi, what) {
  if (typeof v !== 'string' || !/^\d+$/.test(v) || +v < lo || +v > hi) throw bad(`${what}: ${lo}..${hi}`);
  return +v;
}

function buildList(query) {
  const q = db('products');
  let limit = 20; let offset = 0; let order = []; let select = ['*'];
  for (const [key, raw] of Object.entries(query)) {
    if (key === 'limit') { limit = whole(raw, 1, 100, 'limit'); continue; }
    if (key === 'offset') { offset = whole(raw, 0, 1e6, 'offset'); continue; }
    if (typeof raw === 'string' && key === 'fields') { select = raw.split(',').map(column); continue; }
    if (typeof raw === 'string' && key === 'sort') {
      order = raw.split(',').map((s) => ({ column: column(s.replace(/^-/, '')), order: s.startsWith('-') ? 'desc' : 'asc' }));
      continue;
    }
    const spec = COLUMNS.get(key);
    if (!spec) throw bad(`unknown parameter: ${key}`);
    const conds = typeof raw === 'string' ? { eq: raw } : raw;
    if (conds === null || typeof conds !== 'object' || Array.isArray(conds)) throw bad(`malformed parameter: ${key}`);
    for (const [op, value] of Object.entries(conds)) {
      if (!spec.ops.includes(op) || typeof value !== 'string') throw bad(`${key} does not take ${op}`);
      if (op === 'in') q.whereIn(key, value.split(',').map(spec.parse));
      else if (op === 'contains') q.whereRaw('strpos(??, ?) > 0', [key, value]);
      else q.where(key, CMP[op], spec.parse(value));
    }
  }
  if (!order.some((o) => o.column === 'id')) order.push({ column: 'id', order: 'asc' });
  return q.select(select).orderBy(order).limit(limit).offset(offset);
}

const WRITABLE = {
  name: (v) => typeof v === 'string' && v.trim().length > 0,
  category: (v) => typeof v === 'string' && v.trim().length > 0,
  price: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e8,
  in_stock: (v) => typeof v === 'boolean',
};

function values(body, required) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('a JSON object is expected');
  const keys = Object.keys(body);
  for (const k of keys) if (!Object.hasOwn(WRITABLE, k) || !WRITABLE[k](body[k])) throw bad(`invalid field: ${k}`);
  for (const k of required) if (!keys.includes(k)) throw bad(`missing: ${k}`);
  if (keys.length === 0) throw bad('nothing to change');
  return body;
}

const idOf = (text) => (/^[1-9]\d{0,9}$/.test(text) && +text <= 2147483647 ? +text : null);
const shape = (row) => {
  const out = { ...row };
  if ('price' in out) out.price = Number(out.price);
  if (out.created_at instanceof Date) out.created_at = out.created_at.toISOString();
  return out;
};
const route = (fn) => async (req, res, next) => { try { await fn(req, res); } catch (e) { next(e); } };
const missing = (res) => res.status(404).json({ error: 'no such product' });

app.get('/products', route(async (req, res) => res.json((await buildList(req.query)).map(shape))));
app.get('/products/sql', route(async (req, res) => {
  const { sql, bindings } = buildList(req.query).toSQL();
  res.json({ sql, params: bindings });
}));
app.get('/products/:id', route(async (req, res) => {
  const id = idOf(req.params.id);
  const row = id && await db('products').where('id', id).first();
  return row ? res.json(shape(row)) : missing(res);
}));
app.post('/products', route(async (req, res) => {
  const [row] = await db('products').insert(values(req.body, ['name', 'price', 'category'])).returning('*');
  res.status(201).json(shape(row));
}));
app.patch('/products/:id', route(async (req, res) => {
  const id = idOf(req.params.id);
  if (!id) return missing(res);
  const [row] = await db('products').where('id', id).update(values(req.body, [])).returning('*');
  return row ? res.json(shape(row)) : missing(res);
}));
app.delete('/products/:id', route(async (req, res) => {
  const id = idOf(req.params.id);
  const n = id ? await db('products').where('id', id).del() : 0;
  return n ? res.status(204).end() : missing(res);
}));

app.use((err, req, res, next) => {
  if (err.status === 400 || err.type === 'entity.parse.failed') return res.status(400).json({ error: err.message });
  console.error(err);
  return res.status(500).json({ error: 'internal error' });
});

if (!(await db.schema.hasTable('products'))) {
  await db.schema.createTable('products', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.decimal('price', 10, 2).notNullable();
    t.text('category').notNullable();
    t.boolean('in_stock').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}
const port = Number(process.env.PORT ?? 3000);
app.listen(port, '0.0.0.0', () => console.log(`knex products API on ${port}`));
