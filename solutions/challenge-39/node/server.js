// Reference solution of challenge-39 (OAuth authorization-code flow): Express 4, express-session,
// fetch. The state lives in the browser's session, so a state issued to another browser (or
// forged, or spent) never matches and the provider is never called for it.
const crypto = require('crypto');
const express = require('express');
const session = require('express-session');

const PROVIDER = (process.env.OAUTH_PROVIDER_URL || '').replace(/\/$/, '');
const CLIENT_ID = process.env.OAUTH_CLIENT_ID;
const CLIENT_SECRET = process.env.OAUTH_CLIENT_SECRET;
const REDIRECT_URI = process.env.OAUTH_REDIRECT_URI;
const PROVIDER_TIMEOUT_MS = 5000;

const usersBySub = new Map();
let nextId = 1;

const app = express();
app.use(session({
  name: 'sid', secret: process.env.SESSION_SECRET || 'dev', resave: false, saveUninitialized: false,
  cookie: { httpOnly: true, sameSite: 'lax' },
}));

const fail = (res, status, error) => res.status(status).json({ error });

class ProviderError extends Error {}

async function providerCall(path, options) {
  let response;
  try {
    response = await fetch(`${PROVIDER}${path}`, { ...options, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  } catch (err) {
    throw new ProviderError(`provider unreachable: ${err.message}`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok || !body) throw new ProviderError(`provider ${path} answered ${response.status}`);
  return body;
}

app.get('/auth/login', (req, res) => {
  const state = crypto.randomBytes(24).toString('hex');
  req.session.oauthState = state;
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, scope: 'profile email', state,
  });
  res.redirect(302, `${PROVIDER}/authorize?${query}`);
});

app.get('/auth/callback', async (req, res) => {
  const { state, code, error } = req.query;
  const expected = req.session.oauthState;
  delete req.session.oauthState; // spent whatever happens next
  if (typeof state !== 'string' || !expected || state !== expected) return fail(res, 400, 'invalid or missing state');
  if (error) return fail(res, 401, `the provider refused: ${error}`);
  if (typeof code !== 'string' || !code) return fail(res, 400, 'missing code');
  let profile;
  try {
    const token = await providerCall('/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
      }),
    });
    profile = await providerCall('/userinfo', { headers: { authorization: `Bearer ${token.access_token}` } });
  } catch (err) {
    if (err instanceof ProviderError) return fail(res, 502, err.message);
    throw err;
  }
  let user = usersBySub.get(profile.sub);
  if (!user) {
    user = { id: nextId++, sub: profile.sub };
    usersBySub.set(profile.sub, user);
  }
  Object.assign(user, { name: profile.name, email: profile.email });
  // A new session id at sign-in: a session fixed before the login is never the signed-in one.
  return req.session.regenerate((err) => {
    if (err) return fail(res, 500, 'session error');
    req.session.userId = user.sub;
    return res.redirect(302, '/me');
  });
});

app.get('/me', (req, res) => {
  const user = req.session.userId && usersBySub.get(req.session.userId);
  if (!user) return fail(res, 401, 'not signed in');
  return res.json({ id: user.id, sub: user.sub, name: user.name, email: user.email });
});

app.post('/auth/logout', (req, res) => {
  req.session.destroy(() => res.status(204).end());
});

app.use((req, res) => fail(res, 404, 'not found'));

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
