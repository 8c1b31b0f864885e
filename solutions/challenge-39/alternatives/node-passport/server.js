// Alternative for challenge-39 with Passport.js: passport-oauth2's strategy with `state: true`
// (the state is kept in, and checked against, express-session), a userProfile that reads the
// provider's /userinfo, and a custom authenticate callback so that every outcome is JSON.
const express = require('express');
const session = require('express-session');
const passport = require('passport');
const OAuth2Strategy = require('passport-oauth2');

const { OAUTH_PROVIDER_URL: PROVIDER, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_REDIRECT_URI } = process.env;
const users = new Map(); // sub -> user
let lastId = 0;

const strategy = new OAuth2Strategy({
  authorizationURL: `${PROVIDER}/authorize`,
  tokenURL: `${PROVIDER}/token`,
  clientID: OAUTH_CLIENT_ID,
  clientSecret: OAUTH_CLIENT_SECRET,
  callbackURL: OAUTH_REDIRECT_URI,
  scope: ['profile', 'email'],
  scopeSeparator: ' ',
  state: true,
}, (accessToken, refreshToken, profile, done) => {
  let user = users.get(profile.sub);
  if (!user) {
    user = { id: ++lastId, sub: profile.sub };
    users.set(profile.sub, user);
  }
  Object.assign(user, { name: profile.name, email: profile.email });
  done(null, user);
});
strategy.userProfile = (accessToken, done) => {
  fetch(`${PROVIDER}/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(5000) })
    .then(async (r) => (r.ok ? done(null, await r.json()) : done(new Error(`userinfo answered ${r.status}`))))
    .catch(done);
};
passport.use(strategy);
passport.serializeUser((user, done) => done(null, user.sub));
passport.deserializeUser((sub, done) => done(null, users.get(sub) || false));

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(passport.session());

app.get('/auth/login', passport.authenticate('oauth2'));

app.get('/auth/callback', (req, res, next) => {
  // Without a code (and without an error) passport would start a new authorization: refuse it.
  if (!req.query.code && !req.query.error) return res.status(400).json({ error: 'missing code' });
  return passport.authenticate('oauth2', (err, user, info) => {
    if (err) return res.status(502).json({ error: `the provider failed: ${err.message}` });
    if (!user) return res.status(req.query.error ? 401 : 400).json({ error: (info && info.message) || 'sign-in refused' });
    return req.logIn(user, (loginErr) => (loginErr ? next(loginErr) : res.redirect('/me')));
  })(req, res, next);
});

app.get('/me', (req, res) => {
  if (!req.user) return res.status(401).json({ error: 'not signed in' });
  const { id, sub, name, email } = req.user;
  return res.json({ id, sub, name, email });
});

app.post('/auth/logout', (req, res, next) => {
  req.logout((err) => (err ? next(err) : res.status(204).end()));
});

app.listen(process.env.PORT || 3000, '0.0.0.0');
