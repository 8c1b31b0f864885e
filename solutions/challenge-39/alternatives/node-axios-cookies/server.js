// Alternative for challenge-39: no session library. The state travels in a signed, short-lived
// cookie (cookie-parser); sessions are random ids in a Map; axios calls the provider with HTTP
// Basic client authentication; user ids are UUIDs; success redirects with 303 to /.
const crypto = require('crypto');
const axios = require('axios');
const cookieParser = require('cookie-parser');
const express = require('express');

const env = process.env;
const provider = axios.create({ baseURL: env.OAUTH_PROVIDER_URL, timeout: 5000 });
const accounts = {}; // sub -> { id, sub, name, email }
const sessions = new Map(); // session id -> sub

const app = express();
app.use(cookieParser(env.SESSION_SECRET));

app.get('/auth/login', (req, res) => {
  const state = crypto.randomBytes(18).toString('base64url');
  res.cookie('oauth_state', state, { signed: true, httpOnly: true, maxAge: 10 * 60 * 1000, sameSite: 'lax' });
  const url = new URL('/authorize', env.OAUTH_PROVIDER_URL);
  url.search = new URLSearchParams({ client_id: env.OAUTH_CLIENT_ID, redirect_uri: env.OAUTH_REDIRECT_URI,
    response_type: 'code', scope: 'email profile', state }).toString();
  res.redirect(url.toString());
});

app.get('/auth/callback', async (req, res) => {
  const expected = req.signedCookies.oauth_state;
  res.clearCookie('oauth_state');
  if (!expected || req.query.state !== expected) return res.status(400).json({ error: 'state mismatch' });
  if (req.query.error) return res.status(401).json({ error: String(req.query.error) });
  if (!req.query.code) return res.status(400).json({ error: 'no code' });
  try {
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: String(req.query.code),
      redirect_uri: env.OAUTH_REDIRECT_URI });
    const { data: tok } = await provider.post('/token', form.toString(), {
      auth: { username: env.OAUTH_CLIENT_ID, password: env.OAUTH_CLIENT_SECRET },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    const { data: info } = await provider.get('/userinfo', { headers: { Authorization: `Bearer ${tok.access_token}` } });
    accounts[info.sub] ??= { id: crypto.randomUUID(), sub: info.sub };
    Object.assign(accounts[info.sub], { name: info.name, email: info.email });
    const sid = crypto.randomBytes(24).toString('hex');
    sessions.set(sid, info.sub);
    res.cookie('session', sid, { httpOnly: true, sameSite: 'lax' });
    return res.redirect(303, '/');
  } catch (err) {
    return res.status(502).json({ error: `sign-in with the provider failed (${err.response?.status ?? err.code})` });
  }
});

app.get('/me', (req, res) => {
  const sub = sessions.get(req.cookies.session);
  if (!sub) return res.status(401).json({ error: 'sign in first' });
  return res.json(accounts[sub]);
});

app.post('/auth/logout', (req, res) => {
  sessions.delete(req.cookies.session);
  res.clearCookie('session').redirect(303, '/');
});

app.listen(env.PORT || 3000, '0.0.0.0');
