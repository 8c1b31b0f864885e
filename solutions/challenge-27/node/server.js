const express = require('express');
const session = require('express-session');

const SESSION_SECRET = process.env.SESSION_SECRET || 'dev-only-session-secret';
const SESSION_MAX_AGE = Number.parseInt(process.env.SESSION_MAX_AGE, 10) || 3600; // seconds
const COOKIE_NAME = 'sid';

const cookieOptions = {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
};

const app = express();
app.use(express.json());

// Sessions live in express-session's MemoryStore; the cookie only carries the signed session id.
app.use(
  session({
    name: COOKIE_NAME,
    secret: SESSION_SECRET,
    store: new session.MemoryStore(),
    resave: false,
    saveUninitialized: false, // no cookie until somebody logs in
    cookie: { ...cookieOptions, maxAge: SESSION_MAX_AGE * 1000 },
  }),
);

function requireLogin(req, res, next) {
  if (!req.session.username) {
    return res.status(401).json({ error: 'not logged in' });
  }
  return next();
}

app.post('/login', (req, res, next) => {
  const { username } = req.body || {};
  if (typeof username !== 'string' || username.length === 0) {
    return res.status(400).json({ error: 'username must be a non-empty string' });
  }
  // A fresh session id on every login: the previous session (if any) is destroyed.
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.username = username;
    req.session.visits = 0;
    return res.status(200).json({ username });
  });
});

app.get('/me', requireLogin, (req, res) => {
  req.session.visits += 1;
  res.status(200).json({ username: req.session.username, visits: req.session.visits });
});

app.post('/logout', (req, res, next) => {
  req.session.destroy((err) => {
    if (err) return next(err);
    res.clearCookie(COOKIE_NAME, cookieOptions);
    return res.status(200).json({ message: 'logged out' });
  });
});

// express.json() reports malformed bodies as errors: answer them in JSON.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'malformed JSON body' });
  }
  console.error(err);
  return res.status(err.status || 500).json({ error: 'internal server error' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT} (session lifetime ${SESSION_MAX_AGE}s)`);
});
