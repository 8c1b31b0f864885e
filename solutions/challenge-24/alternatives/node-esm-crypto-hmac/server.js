// ES module Express app that signs the HS256 JWT itself with node:crypto (base64url header and
// payload, HMAC-SHA256) instead of jsonwebtoken; passwords are compared with timingSafeEqual.
import express from 'express';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

const SECRET = process.env.JWT_SECRET;
if (!SECRET) {
  console.error('JWT_SECRET must be set');
  process.exit(1);
}
const TTL_SECONDS = 3600;

const USERS = new Map([
  ['admin', { password: 'admin-pass-123', role: 'admin' }],
  ['alice', { password: 'wonderland-42', role: 'user' }],
]);

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function signJwt(claims) {
  const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  const signature = createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

function sameString(a, b) {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const app = express();
app.use(express.json());

app.post('/login', (req, res) => {
  const { username, password } = req.body ?? {};
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
    return res.status(400).json({ error: 'Both "username" and "password" must be non-empty strings' });
  }
  const user = USERS.get(username);
  if (!user || !sameString(password, user.password)) {
    return res.status(401).json({ error: 'Bad credentials' });
  }
  const iat = Math.floor(Date.now() / 1000);
  const token = signJwt({ sub: username, role: user.role, iat, exp: iat + TTL_SECONDS, jti: randomUUID() });
  return res.json({ token, expiresIn: TTL_SECONDS, tokenType: 'Bearer' });
});

// express.json() errors (malformed JSON, too large) arrive here; answer them as JSON.
app.use((err, req, res, next) => {
  if (res.headersSent) return next(err);
  const status = err.status >= 400 && err.status < 500 ? err.status : 500;
  return res.status(status).json({ error: status === 400 ? 'The body is not valid JSON' : 'Request failed' });
});

app.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
