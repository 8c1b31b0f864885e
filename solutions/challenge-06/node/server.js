const express = require('express');

const app = express();

const users = [
  { id: 1, name: 'Ada Lovelace' },
  { id: 2, name: 'Alan Turing' },
  { id: 3, name: 'Grace Hopper' },
];

const posts = [
  { id: 1, userId: 1, title: 'Notes on the Analytical Engine' },
  { id: 2, userId: 2, title: 'Computing Machinery and Intelligence' },
  { id: 3, userId: 3, title: 'The First Computer Bug' },
];

const comments = [
  { id: 1, postId: 1, body: 'Brilliant notes!' },
  { id: 2, postId: 2, body: 'Can machines think?' },
  { id: 3, postId: 1, body: 'Ahead of its time.' },
];

app.get('/users', (req, res) => res.json(users));
app.get('/posts', (req, res) => res.json(posts));
app.get('/comments', (req, res) => res.json(comments));

const PORT = process.env.PORT || 3000;

app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
