const express = require('express');
const cookieParser = require('cookie-parser');

const COOKIE_SECRET = process.env.COOKIE_SECRET || 'dev-only-cookie-secret';
const ONE_DAY_MS = 24 * 60 * 60 * 1000;
const NAME_PATTERN = /^[A-Za-z0-9_]{1,32}$/;
const VALUE_PATTERN = /^[\x21-\x7e]{1,100}$/; // printable ASCII, no spaces

const cookieOptions = { httpOnly: true, path: '/', sameSite: 'strict' };

const app = express();
app.use(express.json());
app.use(cookieParser(COOKIE_SECRET));

const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

function isValidName(name) {
  return typeof name === 'string' && NAME_PATTERN.test(name);
}

function isValidValue(value) {
  return typeof value === 'string' && VALUE_PATTERN.test(value) && !/[;,]/.test(value);
}

// cookie-parser moves correctly signed cookies to req.signedCookies, with the value false when
// the signature is wrong; cookies without a signature stay in req.cookies.
function readSignedCookie(req, name) {
  if (has(req.signedCookies, name)) {
    const value = req.signedCookies[name];
    return value === false ? { status: 'invalid' } : { status: 'valid', value };
  }
  if (has(req.cookies, name)) return { status: 'invalid' };
  return { status: 'absent' };
}

app.post('/cookies', (req, res) => {
  const { name, value } = req.body || {};
  if (!isValidName(name)) {
    return res.status(400).json({ error: 'name must be 1-32 characters of A-Z, a-z, 0-9 or _' });
  }
  if (!isValidValue(value)) {
    return res.status(400).json({ error: 'value must be 1-100 printable ASCII characters without spaces, ";" or ","' });
  }
  res.cookie(name, value, { ...cookieOptions, signed: true, maxAge: ONE_DAY_MS });
  return res.status(201).json({ name, value });
});

app.get('/cookies', (req, res) => {
  const cookies = {};
  for (const [name, value] of Object.entries(req.signedCookies)) {
    if (value !== false) cookies[name] = value;
  }
  res.status(200).json({ cookies });
});

app.get('/cookies/:name', (req, res) => {
  const { name } = req.params;
  const cookie = readSignedCookie(req, name);
  if (cookie.status === 'absent') {
    return res.status(404).json({ error: `no cookie named ${name}` });
  }
  if (cookie.status === 'invalid') {
    return res.status(401).json({ error: 'cookie is unsigned or its signature does not match' });
  }
  return res.status(200).json({ name, value: cookie.value });
});

app.delete('/cookies/:name', (req, res) => {
  res.clearCookie(req.params.name, cookieOptions);
  res.status(204).end();
});

app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'malformed JSON body' });
  }
  console.error(err);
  return res.status(err.status || 500).json({ error: 'internal server error' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
