const express = require('express');

const app = express();
app.use(express.json());

// In-memory store. nextId only ever grows, so an id is never handed out twice.
const todos = [];
let nextId = 1;

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isValidTitle(title) {
  return typeof title === 'string' && title.trim().length > 0;
}

function hasField(body, field) {
  return Object.prototype.hasOwnProperty.call(body, field);
}

// Path params are strings; ids are numbers. Comparing as text also makes "nope" a plain miss.
function findTodo(idParam) {
  return todos.find((todo) => String(todo.id) === idParam);
}

function notFound(res) {
  return res.status(404).json({ error: 'Todo not found' });
}

function badRequest(res, message) {
  return res.status(400).json({ error: message });
}

app.get('/todos', (req, res) => {
  res.json(todos);
});

app.get('/todos/:id', (req, res) => {
  const todo = findTodo(req.params.id);
  if (!todo) return notFound(res);
  return res.json(todo);
});

app.post('/todos', (req, res) => {
  const body = req.body;
  if (!isPlainObject(body)) return badRequest(res, 'The request body must be a JSON object');

  const { title, completed = false } = body;
  if (!isValidTitle(title)) return badRequest(res, 'title is required and must be a non-empty string');
  if (typeof completed !== 'boolean') return badRequest(res, 'completed must be a boolean');

  const todo = { id: nextId++, title: title.trim(), completed };
  todos.push(todo);
  return res.status(201).json(todo);
});

app.put('/todos/:id', (req, res) => {
  const todo = findTodo(req.params.id);
  if (!todo) return notFound(res);

  const body = req.body;
  if (!isPlainObject(body)) return badRequest(res, 'The request body must be a JSON object');
  const hasTitle = hasField(body, 'title');
  const hasCompleted = hasField(body, 'completed');
  if (!hasTitle && !hasCompleted) return badRequest(res, 'Send a title and/or completed to update');
  if (hasTitle && !isValidTitle(body.title)) return badRequest(res, 'title must be a non-empty string');
  if (hasCompleted && typeof body.completed !== 'boolean') return badRequest(res, 'completed must be a boolean');

  // Validate everything first, then apply: an invalid request changes nothing.
  if (hasTitle) todo.title = body.title.trim();
  if (hasCompleted) todo.completed = body.completed;
  return res.json(todo);
});

app.delete('/todos/:id', (req, res) => {
  const index = todos.findIndex((todo) => String(todo.id) === req.params.id);
  if (index === -1) return notFound(res);
  todos.splice(index, 1);
  return res.status(204).end();
});

// express.json() rejects malformed JSON; answer with JSON instead of the default HTML page.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return badRequest(res, 'Malformed JSON body');
  }
  return next(err);
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
