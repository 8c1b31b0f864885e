const express = require('express');
const swaggerUi = require('swagger-ui-express');

const app = express();
app.use(express.json());

const json = (schema) => ({ 'application/json': { schema } });
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const error = (description) => ({ description, content: json(ref('Error')) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };

// The contract, written once: served as-is and rendered by Swagger UI.
const openapi = {
  openapi: '3.0.3',
  info: { title: 'Books API', version: '1.0.0', description: 'An in-memory library of books.' },
  paths: {
    '/books': {
      get: {
        summary: 'List books, oldest first',
        operationId: 'listBooks',
        parameters: [{
          name: 'limit', in: 'query', required: false,
          schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        }],
        responses: {
          200: { description: 'The books', content: json({ type: 'array', items: ref('Book') }) },
          400: error('limit is not an integer from 1 to 100'),
        },
      },
      post: {
        summary: 'Create a book',
        operationId: 'createBook',
        requestBody: { required: true, content: json(ref('BookInput')) },
        responses: {
          201: { description: 'The created book', content: json(ref('Book')) },
          400: error('The body is not a valid book'),
        },
      },
    },
    '/books/{id}': {
      get: {
        summary: 'Read a book',
        operationId: 'getBook',
        parameters: [idParam],
        responses: {
          200: { description: 'The book', content: json(ref('Book')) },
          404: error('No such book'),
        },
      },
      delete: {
        summary: 'Delete a book',
        operationId: 'deleteBook',
        parameters: [idParam],
        responses: { 204: { description: 'Deleted' }, 404: error('No such book') },
      },
    },
  },
  components: {
    schemas: {
      BookInput: {
        type: 'object',
        required: ['title', 'author', 'year'],
        properties: {
          title: { type: 'string', minLength: 1 },
          author: { type: 'string', minLength: 1 },
          year: { type: 'integer' },
        },
      },
      Book: {
        type: 'object',
        required: ['id', 'title', 'author', 'year'],
        properties: {
          id: { type: 'integer', minimum: 1 },
          title: { type: 'string' },
          author: { type: 'string' },
          year: { type: 'integer' },
        },
      },
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
    },
  },
};

app.get('/openapi.json', (req, res) => res.json(openapi));
app.use('/docs', swaggerUi.serve, swaggerUi.setup(openapi));

const books = new Map();
let nextId = 1;
const nonEmpty = (v) => typeof v === 'string' && v.trim() !== '';

app.get('/books', (req, res) => {
  const raw = req.query.limit ?? '20';
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= 100)) return res.status(400).json({ error: 'limit must be an integer from 1 to 100' });
  res.json([...books.values()].slice(0, limit));
});

app.post('/books', (req, res) => {
  const { title, author, year } = req.body || {};
  if (!nonEmpty(title) || !nonEmpty(author) || !Number.isInteger(year)) {
    return res.status(400).json({ error: 'title and author must be non-empty strings, year an integer' });
  }
  const book = { id: nextId++, title, author, year };
  books.set(book.id, book);
  res.status(201).json(book);
});

const bookOf = (raw) => (/^\d+$/.test(raw) ? books.get(Number(raw)) : undefined);

app.get('/books/:id', (req, res) => {
  const book = bookOf(req.params.id);
  if (!book) return res.status(404).json({ error: 'book not found' });
  res.json(book);
});

app.delete('/books/:id', (req, res) => {
  const book = bookOf(req.params.id);
  if (!book) return res.status(404).json({ error: 'book not found' });
  books.delete(book.id);
  res.status(204).end();
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
