const express = require('express');

const app = express();
app.use(express.json());

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validateUser(body) {
  const errors = [];
  const { name, email } = body;

  if (typeof name !== 'string' || name.trim().length < 2) {
    errors.push('name is required and must be at least 2 characters long');
  }
  if (typeof email !== 'string' || !EMAIL_PATTERN.test(email)) {
    errors.push('email is required and must be a valid email address');
  }
  return errors;
}

let nextId = 1;

app.post('/users', (req, res) => {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return res.status(400).json({ errors: ['the request body must be a JSON object'] });
  }

  const errors = validateUser(body);
  if (errors.length > 0) {
    return res.status(400).json({ errors });
  }

  const user = { id: nextId++, name: body.name, email: body.email };
  return res.status(201).json(user);
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
