// Alternative: Node's own events.EventEmitter; each listener is wrapped so that a throw is caught
// and counted instead of aborting emit(). UUID ids, a router, once() from the library itself.
const express = require('express');
const { EventEmitter } = require('events');
const { randomUUID } = require('crypto');

const bus = new EventEmitter();
bus.setMaxListeners(0);
const subs = new Map();
let counter = 0;
let currentErrors = 0; // errors of the emit in progress (emit is synchronous)

function guarded(fn) {
  return (...args) => {
    try {
      fn(...args);
    } catch (e) {
      currentErrors++;
    }
  };
}

const router = express.Router();

router.post('/subscriptions', (req, res) => {
  const { event, once, fail } = req.body || {};
  if (typeof event !== 'string' || !event) return res.status(400).json({ error: 'invalid event' });
  if (once !== undefined && typeof once !== 'boolean') return res.status(400).json({ error: 'invalid once' });
  if (fail !== undefined && typeof fail !== 'boolean') return res.status(400).json({ error: 'invalid fail' });
  const sub = { id: randomUUID(), event, once: !!once, fail: !!fail, active: true, events: [] };
  sub.handler = guarded((payload) => {
    sub.events.push({ event, payload, seq: ++counter });
    if (sub.once) sub.active = false;
    if (sub.fail) throw new Error('boom');
  });
  bus[sub.once ? 'once' : 'on'](event, sub.handler);
  subs.set(sub.id, sub);
  const { handler, events, ...shown } = sub;
  res.status(201).json(shown);
});

router.get('/subscriptions/:id', (req, res) => {
  const sub = subs.get(req.params.id);
  if (!sub) return res.status(404).json({ error: 'not found' });
  const { handler, ...shown } = sub;
  res.json(shown);
});

router.delete('/subscriptions/:id', (req, res) => {
  const sub = subs.get(req.params.id);
  if (!sub || !sub.active) return res.status(404).json({ error: 'not found' });
  bus.off(sub.event, sub.handler);
  sub.active = false;
  res.sendStatus(204);
});

router.post('/events', (req, res) => {
  const { event, payload = null } = req.body || {};
  if (typeof event !== 'string' || !event) return res.status(400).json({ error: 'invalid event' });
  const listeners = bus.listenerCount(event);
  currentErrors = 0;
  bus.emit(event, payload);
  res.json({ event, listeners, errors: currentErrors });
});

router.get('/listeners', (req, res) => {
  const event = String(req.query.event || '');
  res.json({ event, count: bus.listenerCount(event) });
});

const app = express();
app.use(express.json());
app.use(router);
app.listen(process.env.PORT || 3000, '0.0.0.0');
