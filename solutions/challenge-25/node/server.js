const express = require('express');
const jwt = require('jsonwebtoken');

const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) {
  console.error('JWT_SECRET is not set');
  process.exit(1);
}

const app = express();

function unauthorized(res, message) {
  return res.status(401).json({ error: message });
}

// Verifies "Authorization: Bearer <token>" and attaches the claims to req.user.
function verifyToken(req, res, next) {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
    return unauthorized(res, 'No token provided');
  }
  const token = header.slice('Bearer '.length);
  if (!token) {
    return unauthorized(res, 'No token provided');
  }

  let claims;
  try {
    claims = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] });
  } catch (err) {
    return unauthorized(res, err.name === 'TokenExpiredError' ? 'Token expired' : 'Invalid token');
  }
  // jsonwebtoken only checks exp when it is present; tokens must expire.
  if (typeof claims !== 'object' || claims === null || typeof claims.exp !== 'number') {
    return unauthorized(res, 'Token has no expiry');
  }

  req.user = claims;
  return next();
}

function requireRole(role) {
  return (req, res, next) => {
    if (req.user.role !== role) {
      return res.status(403).json({ error: `${role} role required` });
    }
    return next();
  };
}

app.get('/profile', verifyToken, (req, res) => {
  res.json({ user: req.user });
});

app.get('/admin', verifyToken, requireRole('admin'), (req, res) => {
  res.json({ message: `Welcome, ${req.user.sub}` });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
