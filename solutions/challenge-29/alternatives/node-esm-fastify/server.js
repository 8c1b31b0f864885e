// Alternative: Fastify 5 (ES modules) instead of Express; malformed JSON gets Fastify's own 400 error
// body; the rules are a table of checks walked in order, dependencies expressed as early returns.
import Fastify from 'fastify';

const PORT = Number(process.env.PORT || 3000);

function validate(email) {
  const errors = [];
  if (email.length === 0) return ['Email is required'];
  if (email.length > 254) errors.push('Email must be at most 254 characters');
  if (/\s/.test(email)) errors.push('Email must not contain spaces');
  const pieces = email.split('@');
  if (pieces.length !== 2) {
    errors.push('Email must contain exactly one @');
    return errors;
  }
  const [local, domain] = pieces;
  if (local.length === 0) errors.push('Local part must not be empty');
  if (local.length > 64) errors.push('Local part must be at most 64 characters');
  if (/[^A-Za-z0-9.-]/.test(domain)) errors.push('Domain may only contain letters, digits, hyphens and dots');
  if (!domain.includes('.')) {
    errors.push('Domain must contain a dot');
    return errors;
  }
  const labels = domain.split('.');
  if (labels.some((l) => l === '')) errors.push('Domain labels must not be empty');
  if (labels.some((l) => l.startsWith('-') || l.endsWith('-'))) {
    errors.push('Domain labels must not start or end with a hyphen');
  }
  if (!/^[A-Za-z]{2,}$/.test(labels[labels.length - 1])) errors.push('Top-level domain must be at least 2 letters');
  return errors;
}

const app = Fastify({ logger: false });

app.post('/validate-email', async (request, reply) => {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof body.email !== 'string') {
    return reply.code(400).send({ error: '"email" must be a string in a JSON object' });
  }
  const email = body.email.trim();
  const errors = validate(email);
  return { email, valid: errors.length === 0, errors };
});

await app.listen({ port: PORT, host: '0.0.0.0' });
console.log(`listening on ${PORT}`);
