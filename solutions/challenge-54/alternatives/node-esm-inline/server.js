// Alternative: ES modules, OpenAPI 3.1 with inline schemas and 4XX ranges, a parameter named
// bookId, a Redoc page, routes on an express.Router.
import express from 'express';

const err = { type: 'object', properties: { error: { type: 'string' }, detail: { type: ['string', 'null'] } }, required: ['error'] };
const book = {
  type: 'object', additionalProperties: false,
  properties: { id: { type: 'integer' }, title: { type: 'string' }, author: { type: 'string' }, year: { type: 'integer' } },
  required: ['year', 'author', 'title', 'id'],
};
const j = (schema) => ({ content: { 'application/json; charset=utf-8': { schema } } });
const bookId = { in: 'path', name: 'bookId', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } };
const doc = {
  openapi: '3.1.0',
  info: { title: 'Library', version: '2.0.0' },
  servers: [{ url: '/' }],
  paths: {
    '/books': {
      get: { parameters: [{ in: 'query', name: 'limit', schema: { type: 'integer' } }],
        responses: { 200: { description: 'ok', ...j({ type: 'array', items: book }) }, '4XX': { description: 'bad', ...j(err) } } },
      post: { requestBody: { required: true, ...j({ type: 'object', required: ['author', 'year', 'title'],
        properties: { title: { type: 'string', minLength: 1 }, author: { type: 'string', minLength: 1 }, year: { type: 'integer' } } }) },
        responses: { 201: { description: 'created', ...j(book) }, '4XX': { description: 'bad', ...j(err) } } },
    },
    '/books/{bookId}': {
      parameters: [bookId],
      get: { responses: { 200: { description: 'ok', ...j(book) }, 404: { description: 'none', ...j(err) } } },
      delete: { responses: { 204: { description: 'gone' }, 404: { description: 'none', ...j(err) } } },
    },
  },
};

const app = express();
app.use(express.json());
app.get('/openapi.json', (req, res) => res.json(doc));
app.get('/docs', (req, res) => res.type('html').send(
  '<!DOCTYPE html><html><body><redoc spec-url="/openapi.json"></redoc>'
  + '<script src="https://cdn.redoc.ly/redoc/latest/bundles/redoc.standalone.js"></script></body></html>',
));

const router = express.Router();
const store = [];
let seq = 0;
router.route('/')
  .get((req, res) => {
    const limit = req.query.limit === undefined ? 20 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !/^\d+$/.test(req.query.limit ?? '20')) {
      return res.status(400).json({ error: 'bad limit', detail: null });
    }
    return res.json(store.slice(0, limit));
  })
  .post((req, res) => {
    const b = req.body ?? {};
    const ok = [b.title, b.author].every((s) => typeof s === 'string' && s.length > 0) && Number.isInteger(b.year);
    if (!ok) return res.status(400).json({ error: 'invalid book' });
    const created = { id: ++seq, title: b.title, author: b.author, year: b.year };
    store.push(created);
    return res.status(201).json(created);
  });
router.route('/:bookId')
  .get((req, res) => {
    const found = store.find((x) => String(x.id) === req.params.bookId);
    return found ? res.json(found) : res.status(404).json({ error: 'not found' });
  })
  .delete((req, res) => {
    const i = store.findIndex((x) => String(x.id) === req.params.bookId);
    if (i < 0) return res.status(404).json({ error: 'not found' });
    store.splice(i, 1);
    return res.sendStatus(204);
  });
app.use('/books', router);
app.listen(process.env.PORT || 3000, '0.0.0.0');
