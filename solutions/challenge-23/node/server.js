const express = require('express');
const sanitizeHtml = require('sanitize-html');

const MAX_LENGTH = 500;

const app = express();
app.use(express.json());

// No tag and no attribute survives; script/style (sanitize-html's default nonTextTags) lose their
// content too. Remaining &, < and > in the text come back escaped.
const NO_HTML = { allowedTags: [], allowedAttributes: {} };

app.post('/comment', (req, res) => {
  const text = req.body && typeof req.body === 'object' ? req.body.text : undefined;
  if (typeof text !== 'string') {
    return res.status(400).json({ error: 'text is required and must be a string' });
  }

  // Sanitise first, then trim, then validate what would actually be stored.
  const comment = sanitizeHtml(text, NO_HTML).trim();

  if (comment.length === 0) {
    return res.status(400).json({ error: 'Comment must not be empty' });
  }
  if (comment.length > MAX_LENGTH) {
    return res.status(400).json({ error: `Comment must be at most ${MAX_LENGTH} characters` });
  }
  return res.status(201).json({ comment });
});

// express.json() reports malformed JSON as an error with status 400: answer it as JSON.
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
  res.status(status).json({ error: status === 400 ? 'Invalid JSON body' : 'Request failed' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
