const express = require('express');

const app = express();
const users = [];

app.use(express.json());

function isString(value) {
  return typeof value === 'string';
}

app.post('/users', (req, res) => {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return res.status(400).json({ error: 'Request body must be a JSON object' });
  }

  const { name, email } = body;
  const problems = [];
  if (!isString(name)) problems.push('name is required and must be a string');
  if (!isString(email)) problems.push('email is required and must be a string');
  if (problems.length > 0) {
    return res.status(400).json({ error: problems.join('; ') });
  }

  const user = { id: users.length + 1, name, email };
  users.push(user);
  res.status(201).json(user);
});

// express.json() reports unparseable bodies through next(err); without this
// handler Express would answer with an HTML error page.
function handleBadJson(err, req, res, next) {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'Request body must be valid JSON' });
  }
  const status = err.status || err.statusCode || 500;
  res.status(status).json({ error: status < 500 ? err.message : 'Internal Server Error' });
}

app.use(handleBadJson);

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
