const fs = require('fs');
const path = require('path');
const express = require('express');
const bcrypt = require('bcrypt');

const SALT_ROUNDS = 10;
const USERS_FILE = path.join(process.cwd(), 'users.json');
const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,30}$/;
const MIN_PASSWORD_LENGTH = 8;

function loadUsers() {
  try {
    const stored = JSON.parse(fs.readFileSync(USERS_FILE, 'utf8'));
    return Array.isArray(stored) ? stored : [];
  } catch (err) {
    return [];
  }
}

const users = loadUsers();
const findUser = (username) => users.find((user) => user.username === username);

async function saveUsers() {
  await fs.promises.writeFile(USERS_FILE, JSON.stringify(users, null, 2));
}

const app = express();
app.use(express.json());

function credentialsFrom(req, res) {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    res.status(400).json({ error: 'The request body must be a JSON object' });
    return null;
  }
  const { username, password } = body;
  if (typeof username !== 'string' || typeof password !== 'string') {
    res.status(400).json({ error: 'username and password must be strings' });
    return null;
  }
  return { username, password };
}

app.post('/register', async (req, res, next) => {
  try {
    const credentials = credentialsFrom(req, res);
    if (!credentials) return undefined;
    const { username, password } = credentials;

    if (!USERNAME_PATTERN.test(username)) {
      return res.status(400).json({ error: 'username must be 3-30 letters, digits or underscores' });
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      return res.status(400).json({ error: `password must be at least ${MIN_PASSWORD_LENGTH} characters` });
    }
    if (findUser(username)) {
      return res.status(409).json({ error: 'Username already taken' });
    }

    const passwordHash = await bcrypt.hash(password, SALT_ROUNDS);
    // Another request may have registered the same name while we were hashing.
    if (findUser(username)) {
      return res.status(409).json({ error: 'Username already taken' });
    }
    users.push({ username, passwordHash, createdAt: new Date().toISOString() });
    await saveUsers();

    return res.status(201).json({ message: 'User registered', username });
  } catch (err) {
    return next(err);
  }
});

app.post('/login', async (req, res, next) => {
  try {
    const credentials = credentialsFrom(req, res);
    if (!credentials) return undefined;
    const { username, password } = credentials;

    const user = findUser(username);
    const match = user ? await bcrypt.compare(password, user.passwordHash) : false;
    if (!match) {
      return res.status(401).json({ error: 'Invalid credentials' });
    }
    return res.status(200).json({ message: 'Login successful' });
  } catch (err) {
    return next(err);
  }
});

app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'Malformed JSON body' });
  }
  console.error(err);
  return res.status(500).json({ error: 'Internal server error' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
