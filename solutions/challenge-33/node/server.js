const express = require('express');
const mongoose = require('mongoose');

const userSchema = new mongoose.Schema({
  name: { type: String, required: [true, 'name is required'], trim: true },
  email: {
    type: String,
    required: [true, 'email is required'],
    unique: true, // a unique index: MongoDB itself refuses a duplicate (E11000), even under races
    match: [/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email must be a valid address'],
  },
  age: { type: Number, min: [0, 'age must be at least 0'] },
  createdAt: { type: Date, default: Date.now },
});
const User = mongoose.model('User', userSchema); // collection "users"

const app = express();
app.use(express.json());

// Only the fields a client may set: other keys (an _id among them) are ignored.
function userFields(body) {
  const fields = {};
  for (const key of ['name', 'email', 'age']) {
    if (body && Object.prototype.hasOwnProperty.call(body, key)) fields[key] = body[key];
  }
  return fields;
}

// Turns an async route's rejection into next(err), so the error handler answers it.
const route = (fn) => (req, res, next) => fn(req, res, next).catch(next);

function checkId(req, res, next) {
  if (!mongoose.isValidObjectId(req.params.id) || !/^[0-9a-fA-F]{24}$/.test(req.params.id)) {
    return res.status(400).json({ error: `invalid id: ${req.params.id}` });
  }
  return next();
}

app.post('/users', route(async (req, res) => {
  const user = await User.create(userFields(req.body));
  res.status(201).json(user);
}));

app.get('/users', route(async (req, res) => {
  res.json(await User.find());
}));

app.get('/users/:id', checkId, route(async (req, res) => {
  const user = await User.findById(req.params.id);
  if (!user) return res.status(404).json({ error: 'User not found' });
  return res.json(user);
}));

app.put('/users/:id', checkId, route(async (req, res) => {
  const user = await User.findByIdAndUpdate(req.params.id, userFields(req.body), { new: true, runValidators: true });
  if (!user) return res.status(404).json({ error: 'User not found' });
  return res.json(user);
}));

app.delete('/users/:id', checkId, route(async (req, res) => {
  const user = await User.findByIdAndDelete(req.params.id);
  if (!user) return res.status(404).json({ error: 'User not found' });
  return res.status(204).end();
}));

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'malformed JSON body' });
  }
  if (err instanceof mongoose.Error.ValidationError) {
    return res.status(400).json({ error: err.message, fields: Object.keys(err.errors) });
  }
  if (err instanceof mongoose.Error.CastError) {
    return res.status(400).json({ error: err.message, fields: [err.path] });
  }
  if (err.code === 11000) {
    return res.status(409).json({ error: 'email already exists' });
  }
  console.error(err);
  return res.status(500).json({ error: 'database error' });
});

const PORT = process.env.PORT || 3000;
mongoose.connect(process.env.MONGODB_URI || 'mongodb://127.0.0.1:27017/users')
  .then(() => User.init()) // the unique index exists before the first request
  .then(() => {
    app.listen(PORT, '0.0.0.0', () => console.log(`Server listening on port ${PORT}`));
  })
  .catch((err) => {
    console.error(`cannot connect to MongoDB: ${err.message}`);
    process.exit(1);
  });
