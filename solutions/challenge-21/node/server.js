const express = require('express');

const app = express();
app.use(express.json());

const users = [];
let nextId = 1;

app.post('/users', (req, res) => {
  const { name, email } = req.body || {};
  if (typeof name !== 'string' || typeof email !== 'string') {
    return res.status(400).json({ error: 'name and email must be strings' });
  }
  const user = { id: nextId++, name, email };
  users.push(user);
  res.status(201).json(user);
});

// RFC 4180: quote a field that holds a comma, a quote or a line break; double inner quotes.
function csvField(value) {
  const text = String(value);
  if (/[",\r\n]/.test(text)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

function toCsv(rows) {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

app.get('/export/users', (req, res) => {
  const rows = [['id', 'name', 'email'], ...users.map((u) => [u.id, u.name, u.email])];
  res.attachment('users.csv');
  res.type('text/csv');
  res.send(toCsv(rows));
});

app.use((req, res) => {
  res.status(404).json({ error: 'Not found' });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = err.status || err.statusCode || 500;
  res.status(status).json({ error: status === 500 ? 'Internal server error' : err.message });
});

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
