// Alternative: Koa 3 (ES module) instead of Express, with a small hand-written router and body
// reader, one error-handling middleware that turns thrown HttpErrors into JSON, and UUID ids.
import { randomUUID } from 'node:crypto';
import Koa from 'koa';

const todos = new Map(); // id -> todo; UUIDs are never handed out twice

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function readJson(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'Body must be a JSON object');
  }
  return value;
}

function checkTitle(title) {
  if (typeof title !== 'string' || title.trim() === '') {
    throw new HttpError(400, '"title" must be a non-blank string');
  }
  return title.trim();
}

function checkCompleted(completed) {
  if (typeof completed !== 'boolean') throw new HttpError(400, '"completed" must be true or false');
  return completed;
}

function find(id) {
  const todo = todos.get(id);
  if (!todo) throw new HttpError(404, `No todo with id ${id}`);
  return todo;
}

const handlers = {
  'GET /todos': (ctx) => {
    ctx.body = [...todos.values()];
  },
  'POST /todos': async (ctx) => {
    const body = await readJson(ctx);
    const title = checkTitle(body.title);
    const completed = body.completed === undefined ? false : checkCompleted(body.completed);
    const todo = { id: randomUUID(), title, completed };
    todos.set(todo.id, todo);
    ctx.status = 201;
    ctx.body = todo;
  },
  'GET /todos/:id': (ctx, id) => {
    ctx.body = find(id);
  },
  'PUT /todos/:id': async (ctx, id) => {
    const todo = find(id);
    const body = await readJson(ctx);
    if (body.title === undefined && body.completed === undefined) {
      throw new HttpError(400, 'Send "title" and/or "completed"');
    }
    const title = body.title === undefined ? todo.title : checkTitle(body.title);
    const completed = body.completed === undefined ? todo.completed : checkCompleted(body.completed);
    Object.assign(todo, { title, completed });
    ctx.body = todo;
  },
  'DELETE /todos/:id': (ctx, id) => {
    find(id);
    todos.delete(id);
    ctx.status = 204;
  },
};

const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 500;
    if (status === 500) console.error(err);
    ctx.status = status;
    ctx.body = { error: status === 500 ? 'Internal error' : err.message };
  }
});

app.use(async (ctx) => {
  const parts = ctx.path.split('/').filter(Boolean);
  let handler;
  let id;
  if (parts.length === 1 && parts[0] === 'todos') {
    handler = handlers[`${ctx.method} /todos`];
  } else if (parts.length === 2 && parts[0] === 'todos') {
    handler = handlers[`${ctx.method} /todos/:id`];
    id = decodeURIComponent(parts[1]);
  }
  if (!handler) throw new HttpError(404, `Cannot ${ctx.method} ${ctx.path}`);
  await handler(ctx, id);
});

const port = Number(process.env.PORT || 3000);
app.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
