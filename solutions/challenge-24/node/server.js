const express = require('express');
const jwt = require('jsonwebtoken');

const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) {
  console.error('JWT_SECRET is not set');
  process.exit(1);
}
const TOKEN_TTL_SECONDS = 3600;

// Demo users; a real app would keep bcrypt hashes in a database.
const USERS = {
  admin: { password: 'admin-pass-123', role: 'admin' },
  alice: { password: 'wonderland-42', role: 'user' },
};

const app = express();
app.use(express.json());

const isNonEmptyString = (value) => typeof value === 'string' && value.length > 0;

app.post('/login', (req, res) => {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return res.status(400).json({ error: 'The request body must be a JSON object' });
  }
  const { username, password } = body;
  if (!isNonEmptyString(username) || !isNonEmptyString(password)) {
    return res.status(400).json({ error: 'username and password are required strings' });
  }

  const user = Object.prototype.hasOwnProperty.call(USERS, username) ? USERS[username] : undefined;
  if (!user || user.password !== password) {
    return res.status(401).json({ error: 'Invalid username or password' });
  }

  const token = jwt.sign({ sub: username, role: user.role }, JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: TOKEN_TTL_SECONDS,
  });
  return res.status(200).json({ token, expiresIn: TOKEN_TTL_SECONDS });
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
