// Alternative: the rules are an express-validator chain (bail after the type check, onlyFirstError
// for one message per field), UUID ids, and a malformed body answered in the {"errors": [...]} form.
const crypto = require('node:crypto');
const express = require('express');
const { body, validationResult, matchedData } = require('express-validator');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const app = express();
app.use(express.json());

const users = new Map();

function requireObjectBody(req, res, next) {
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    return res.status(400).json({ errors: ['The request body must be a JSON object'] });
  }
  return next();
}

const rules = [
  body('name')
    .exists({ values: 'undefined' }).withMessage('The name field is required').bail()
    .isString().withMessage('The name field must be a string').bail()
    .trim()
    .isLength({ min: 2 }).withMessage('The name field needs at least 2 characters'),
  body('email')
    .exists({ values: 'undefined' }).withMessage('The email field is required').bail()
    .isString().withMessage('The email field must be a string').bail()
    .matches(EMAIL).withMessage('The email field is not a valid address'),
];

app.post('/users', requireObjectBody, rules, (req, res) => {
  const result = validationResult(req);
  if (!result.isEmpty()) {
    return res.status(400).json({ errors: result.array({ onlyFirstError: true }).map((e) => e.msg) });
  }
  const { name, email } = matchedData(req);
  const user = { id: crypto.randomUUID(), name, email };
  users.set(user.id, user);
  return res.status(201).json(user);
});

// express.json() reports a body it cannot parse as an error with status 400.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed' || err.status === 400) {
    return res.status(400).json({ errors: ['The request body is not valid JSON'] });
  }
  console.error(err);
  return res.status(500).json({ errors: ['Internal server error'] });
});

const port = Number(process.env.PORT || 3000);
app.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
