const express = require('express');

const app = express();
app.use(express.json());

const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

function validateEmail(email) {
  const errors = [];
  if (email.length === 0) {
    return ['Email is required'];
  }
  if (email.length > MAX_EMAIL_LENGTH) {
    errors.push(`Email must be at most ${MAX_EMAIL_LENGTH} characters`);
  }
  if (/\s/.test(email)) {
    errors.push('Email must not contain spaces');
  }

  const parts = email.split('@');
  if (parts.length !== 2) {
    errors.push('Email must contain exactly one @');
    return errors;
  }
  const [local, domain] = parts;

  if (local.length === 0) {
    errors.push('Local part must not be empty');
  }
  if (local.length > MAX_LOCAL_LENGTH) {
    errors.push(`Local part must be at most ${MAX_LOCAL_LENGTH} characters`);
  }
  if (/[^A-Za-z0-9.-]/.test(domain)) {
    errors.push('Domain may only contain letters, digits, hyphens and dots');
  }
  if (!domain.includes('.')) {
    errors.push('Domain must contain a dot');
    return errors;
  }

  const labels = domain.split('.');
  if (labels.some((label) => label.length === 0)) {
    errors.push('Domain labels must not be empty');
  }
  if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) {
    errors.push('Domain labels must not start or end with a hyphen');
  }
  if (!/^[A-Za-z]{2,}$/.test(labels[labels.length - 1])) {
    errors.push('Top-level domain must be at least 2 letters');
  }
  return errors;
}

app.post('/validate-email', (req, res) => {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return res.status(400).json({ error: 'The request body must be a JSON object' });
  }
  if (typeof body.email !== 'string') {
    return res.status(400).json({ error: 'email must be a string' });
  }

  const email = body.email.trim();
  const errors = validateEmail(email);
  return res.status(200).json({ email, valid: errors.length === 0, errors });
});

// express.json() rejects malformed JSON; answer with JSON instead of the default HTML page.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'Malformed JSON body' });
  }
  return next(err);
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
