// A correct alternative to the reference: the plain mongodb driver (no Mongoose), validation by
// hand, ids shown as `id`, a router per resource.
const express = require('express');
const { MongoClient, ObjectId, MongoServerError } = require('mongodb');

const client = new MongoClient(process.env.MONGO_URL);
const users = client.db().collection('users');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const show = ({ _id, ...rest }) => ({ id: _id.toHexString(), ...rest });

function problems(body, partial) {
  const errs = {};
  if (!partial || 'name' in body) {
    if (typeof body.name !== 'string' || body.name.trim() === '') errs.name = 'must be a non-empty string';
  }
  if (!partial || 'email' in body) {
    if (typeof body.email !== 'string' || !EMAIL.test(body.email)) errs.email = 'must be an email address';
  }
  if ('age' in body && (typeof body.age !== 'number' || body.age < 0)) errs.age = 'must be a number >= 0';
  return errs;
}

function pick(body) {
  const out = {};
  for (const k of ['name', 'email', 'age']) if (k in body) out[k] = k === 'name' ? body[k].trim() : body[k];
  return out;
}

const router = express.Router();

router.param('id', (req, res, next, id) => {
  if (!/^[0-9a-f]{24}$/i.test(id)) return res.status(400).json({ error: 'id must be an ObjectId' });
  req.oid = new ObjectId(id);
  return next();
});

router.post('/', async (req, res, next) => {
  try {
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
    const errs = problems(body, false);
    if (Object.keys(errs).length) return res.status(400).json({ error: 'validation failed', details: errs });
    const doc = pick(body);
    const { insertedId } = await users.insertOne(doc);
    return res.status(201).json(show({ _id: insertedId, ...doc }));
  } catch (e) { return next(e); }
});

router.get('/', async (req, res, next) => {
  try { res.json((await users.find().toArray()).map(show)); } catch (e) { next(e); }
});

router.get('/:id', async (req, res, next) => {
  try {
    const doc = await users.findOne({ _id: req.oid });
    return doc ? res.json(show(doc)) : res.status(404).json({ error: 'no such user' });
  } catch (e) { return next(e); }
});

router.put('/:id', async (req, res, next) => {
  try {
    const body = req.body || {};
    const errs = problems(body, true);
    if (Object.keys(errs).length) return res.status(400).json({ error: 'validation failed', details: errs });
    const doc = await users.findOneAndUpdate({ _id: req.oid }, { $set: pick(body) }, { returnDocument: 'after' });
    return doc ? res.json(show(doc)) : res.status(404).json({ error: 'no such user' });
  } catch (e) { return next(e); }
});

router.delete('/:id', async (req, res, next) => {
  try {
    const { deletedCount } = await users.deleteOne({ _id: req.oid });
    return deletedCount ? res.sendStatus(204) : res.status(404).json({ error: 'no such user' });
  } catch (e) { return next(e); }
});

const app = express();
app.use(express.json());
app.use('/users', router);
app.use((err, req, res, next) => {
  if (err instanceof SyntaxError) return res.status(400).json({ error: 'bad JSON' });
  if (err instanceof MongoServerError && err.code === 11000) return res.status(409).json({ error: 'duplicate email' });
  console.error(err);
  return res.status(500).json({ error: 'internal error' });
});

(async () => {
  await client.connect();
  await users.createIndex({ email: 1 }, { unique: true });
  app.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
})();
