// Fastify 5 instead of Express: its own JSON body parser, a JSON-schema-free handler that checks the
// type itself, and setErrorHandler turning parser errors (bad JSON, empty body) into {"error"} 400s.
const Fastify = require('fastify');
const sanitizeHtml = require('sanitize-html');

const MAX_LENGTH = 500;
const app = Fastify({ logger: false });

function clean(text) {
  return sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }).trim();
}

app.post('/comment', async (request, reply) => {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof body.text !== 'string') {
    return reply.code(400).send({ error: 'Expected {"text": "<string>"}' });
  }
  const comment = clean(body.text);
  if (comment.length === 0) return reply.code(400).send({ error: 'The comment is empty once HTML is removed' });
  if (comment.length > MAX_LENGTH) {
    return reply.code(400).send({ error: `The comment is ${comment.length} characters, at most ${MAX_LENGTH}` });
  }
  return reply.code(201).send({ comment });
});

app.setErrorHandler((error, request, reply) => {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
  reply.code(status).send({ error: status === 500 ? 'Internal server error' : error.message });
});

app.listen({ port: Number(process.env.PORT) || 3000, host: '0.0.0.0' }).catch((err) => {
  console.error(err);
  process.exit(1);
});
