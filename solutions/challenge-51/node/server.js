// Reference solution of challenge-51 (query-builder): Express 4 + pg, with a hand-written
// chaining query builder. The HTTP layer checks every identifier against SCHEMA and converts
// every value to its column's type; the builder only ever puts identifiers (quoted) into the SQL
// text and values into the parameter list ($1, $2, ...).
const express = require('express');
const { Pool, types } = require('pg');

types.setTypeParser(1700, parseFloat); // NUMERIC -> number (pg answers a string by default)

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

// --- the builder -------------------------------------------------------------------------
const IDENT = /^[a-z_][a-z0-9_]*$/;
const OPERATORS = { '=': '=', '<>': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

function ident(name) {
  if (!IDENT.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
}

class QueryBuilder {
  constructor(table) {
    this.table = ident(table);
    this.kind = 'select';
    this.columns = [];
    this.conditions = []; // [sqlFragment with {} for each param, params]
    this.orders = [];
    this.rowLimit = null;
    this.rowOffset = null;
    this.values = null;
    this.returned = [];
  }

  select(...columns) { this.kind = 'select'; this.columns = columns; return this; }

  where(column, op, value) {
    const col = ident(column);
    if (op === 'in') this.conditions.push([`${col} = ANY({})`, [value]]);
    else if (op === 'contains') this.conditions.push([`strpos(${col}, {}) > 0`, [value]]);
    else if (OPERATORS[op]) this.conditions.push([`${col} ${OPERATORS[op]} {}`, [value]]);
    else throw new Error(`unknown operator: ${op}`);
    return this;
  }

  orderBy(column, direction = 'asc') {
    this.orders.push(`${ident(column)} ${direction === 'desc' ? 'DESC' : 'ASC'}`);
    return this;
  }

  limit(n) { this.rowLimit = n; return this; }
  offset(n) { this.rowOffset = n; return this; }
  insert(values) { this.kind = 'insert'; this.values = values; return this; }
  update(values) { this.kind = 'update'; this.values = values; return this; }
  delete() { this.kind = 'delete'; return this; }
  returning(...columns) { this.returned = columns; return this; }

  toSQL() {
    const params = [];
    const param = (value) => { params.push(value); return `$${params.length}`; };
    const where = () => (this.conditions.length === 0 ? '' : ' WHERE ' + this.conditions
      .map(([fragment, values]) => { let i = 0; return fragment.replace(/\{\}/g, () => param(values[i++])); })
      .join(' AND '));
    const returning = () => (this.returned.length ? ` RETURNING ${this.returned.map(ident).join(', ')}` : '');
    let sql;
    if (this.kind === 'select') {
      const cols = this.columns.length ? this.columns.map(ident).join(', ') : '*';
      sql = `SELECT ${cols} FROM ${this.table}${where()}`;
      if (this.orders.length) sql += ` ORDER BY ${this.orders.join(', ')}`;
      if (this.rowLimit !== null) sql += ` LIMIT ${param(this.rowLimit)}`;
      if (this.rowOffset !== null) sql += ` OFFSET ${param(this.rowOffset)}`;
    } else if (this.kind === 'insert') {
      const keys = Object.keys(this.values);
      sql = `INSERT INTO ${this.table} (${keys.map(ident).join(', ')}) VALUES (${keys.map((k) => param(this.values[k])).join(', ')})${returning()}`;
    } else if (this.kind === 'update') {
      const sets = Object.keys(this.values).map((k) => `${ident(k)} = ${param(this.values[k])}`);
      sql = `UPDATE ${this.table} SET ${sets.join(', ')}${where()}${returning()}`;
    } else {
      sql = `DELETE FROM ${this.table}${where()}${returning()}`;
    }
    return { sql, params };
  }

  run(db = pool) {
    const { sql, params } = this.toSQL();
    return db.query(sql, params).then((r) => r.rows);
  }
}

const qb = (table) => new QueryBuilder(table);

// --- the schema: the whitelist of identifiers and how each value is read ---------------------
class Invalid extends Error {}

const COMPARE = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'];
const OP_SQL = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', in: 'in', contains: 'contains' };
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2}))?$/;

const readers = {
  integer: (text) => { if (!/^-?\d{1,9}$/.test(text)) throw new Invalid('an integer is expected'); return Number(text); },
  number: (text) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw new Invalid('a number is expected');
    return n;
  },
  text: (text) => text,
  boolean: (text) => { if (text === 'true') return true; if (text === 'false') return false; throw new Invalid('true or false is expected'); },
  timestamp: (text) => {
    const d = new Date(text);
    if (!TIMESTAMP.test(text) || Number.isNaN(d.getTime())) throw new Invalid('an ISO 8601 date or date-time is expected');
    return d.toISOString();
  },
};

const SCHEMA = {
  id: { type: 'integer', ops: [...COMPARE, 'in'] },
  name: { type: 'text', ops: ['eq', 'ne', 'in', 'contains'] },
  price: { type: 'number', ops: [...COMPARE, 'in'] },
  category: { type: 'text', ops: ['eq', 'ne', 'in', 'contains'] },
  in_stock: { type: 'boolean', ops: ['eq', 'ne'] },
  created_at: { type: 'timestamp', ops: COMPARE },
};
const FIELDS = Object.keys(SCHEMA);
const KEY = /^([a-z_]+)(?:\[([a-z]+)\])?$/;

function field(name, what) {
  if (!Object.prototype.hasOwnProperty.call(SCHEMA, name)) throw new Invalid(`unknown ${what}: ${name}`);
  return name;
}

function integerParam(text, name, min, max) {
  if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max) throw new Invalid(`${name} must be an integer from ${min} to ${max}`);
  return Number(text);
}

// The list query for a query string: everything is validated before the builder sees it.
function listQuery(search) {
  const q = qb('products');
  let limit = 20;
  let offset = 0;
  let sort = [];
  let fields = [];
  for (const [key, value] of search) {
    if (key === 'limit') limit = integerParam(value, 'limit', 1, 100);
    else if (key === 'offset') offset = integerParam(value, 'offset', 0, 999999);
    else if (key === 'fields') fields = value.split(',').map((f) => field(f, 'field'));
    else if (key === 'sort') {
      sort = value.split(',').map((s) => (s.startsWith('-') ? [field(s.slice(1), 'sort field'), 'desc'] : [field(s, 'sort field'), 'asc']));
    } else {
      const m = KEY.exec(key);
      if (!m) throw new Invalid(`malformed parameter: ${key}`);
      const spec = SCHEMA[field(m[1], 'field')];
      const op = m[2] || 'eq';
      if (!spec.ops.includes(op)) throw new Invalid(`${m[1]} does not allow the operator ${op}`);
      const read = readers[spec.type];
      const converted = op === 'in' ? value.split(',').map(read) : read(value);
      q.where(m[1], OP_SQL[op], converted);
    }
  }
  q.select(...fields);
  for (const [col, dir] of sort) q.orderBy(col, dir);
  if (!sort.some(([col]) => col === 'id')) q.orderBy('id', 'asc');
  return q.limit(limit).offset(offset);
}

function readBody(body, partial) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Invalid('the body must be a JSON object');
  const out = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'name' || key === 'category') {
      if (typeof value !== 'string' || value.trim() === '') throw new Invalid(`${key} must be a non-empty string`);
    } else if (key === 'price') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1e8) throw new Invalid('price must be a number from 0 to 99999999.99');
    } else if (key === 'in_stock') {
      if (typeof value !== 'boolean') throw new Invalid('in_stock must be a boolean');
    } else {
      throw new Invalid(`unknown field: ${key}`);
    }
    out[key] = value;
  }
  if (!partial) {
    for (const key of ['name', 'price', 'category']) if (!(key in out)) throw new Invalid(`${key} is required`);
  } else if (Object.keys(out).length === 0) {
    throw new Invalid('send at least one of name, price, category, in_stock');
  }
  return out;
}

function pathId(text) {
  return /^\d{1,10}$/.test(text) && Number(text) >= 1 && Number(text) <= 2147483647 ? Number(text) : null;
}

function present(row) {
  if (row.created_at instanceof Date) row.created_at = row.created_at.toISOString();
  return row;
}

// --- routes ----------------------------------------------------------------------------------
const wrap = (handler) => (req, res) => handler(req, res).catch((err) => {
  if (err instanceof Invalid) return res.status(400).json({ error: err.message });
  console.error(err);
  return res.status(500).json({ error: 'database error' });
});
const notFound = (res) => res.status(404).json({ error: 'product not found' });
const search = (req) => new URL(req.originalUrl, 'http://localhost').searchParams;

app.use(express.json({ strict: false }));

app.get('/products', wrap(async (req, res) => {
  res.json((await listQuery(search(req)).run()).map(present));
}));

app.get('/products/sql', wrap(async (req, res) => {
  res.json(listQuery(search(req)).toSQL());
}));

app.get('/products/:id', wrap(async (req, res) => {
  const id = pathId(req.params.id);
  const rows = id === null ? [] : await qb('products').where('id', '=', id).run();
  return rows.length ? res.json(present(rows[0])) : notFound(res);
}));

app.post('/products', wrap(async (req, res) => {
  const rows = await qb('products').insert(readBody(req.body, false)).returning(...FIELDS).run();
  res.status(201).json(present(rows[0]));
}));

app.patch('/products/:id', wrap(async (req, res) => {
  const id = pathId(req.params.id);
  if (id === null) return notFound(res);
  const rows = await qb('products').update(readBody(req.body, true)).where('id', '=', id).returning(...FIELDS).run();
  return rows.length ? res.json(present(rows[0])) : notFound(res);
}));

app.delete('/products/:id', wrap(async (req, res) => {
  const id = pathId(req.params.id);
  const rows = id === null ? [] : await qb('products').delete().where('id', '=', id).returning('id').run();
  return rows.length ? res.status(204).end() : notFound(res);
}));

// malformed JSON (express.json's SyntaxError) and anything else unexpected: a JSON error
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON' });
  console.error(err);
  return res.status(500).json({ error: 'internal error' });
});

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS products (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    price NUMERIC(10,2) NOT NULL,
    category TEXT NOT NULL,
    in_stock BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const port = Number(process.env.PORT || 3000);
  app.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
}

main().catch((err) => { console.error(err); process.exit(1); });
