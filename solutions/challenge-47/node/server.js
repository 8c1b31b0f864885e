const express = require('express');

// A small emitter of our own: unlike events.EventEmitter, emit() isolates listeners from each
// other, so one that throws cannot stop the ones after it.
class EventEmitter {
  constructor() {
    this.listeners = new Map(); // event name -> array of { fn, once }
  }

  on(event, fn) {
    return this.add(event, fn, false);
  }

  once(event, fn) {
    return this.add(event, fn, true);
  }

  add(event, fn, once) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push({ fn, once });
    return this;
  }

  off(event, fn) {
    const list = this.listeners.get(event) || [];
    const i = list.findIndex((l) => l.fn === fn);
    if (i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.listeners.delete(event);
    return true;
  }

  listenerCount(event) {
    return (this.listeners.get(event) || []).length;
  }

  // Calls a snapshot of the listeners (so removals during the emit do not skip anyone);
  // returns how many were called and how many threw.
  emit(event, ...args) {
    const snapshot = [...(this.listeners.get(event) || [])];
    let errors = 0;
    for (const listener of snapshot) {
      if (listener.once) this.off(event, listener.fn);
      try {
        listener.fn(...args);
      } catch (err) {
        errors += 1;
        console.error(`listener for ${event} failed: ${err.message}`);
      }
    }
    return { listeners: snapshot.length, errors };
  }
}

const emitter = new EventEmitter();
const subscriptions = new Map(); // id -> { id, event, once, fail, active, events, listener }
let nextId = 1;
let seq = 0;

const app = express();
app.use(express.json());

function badRequest(res, message) {
  return res.status(400).json({ error: message });
}

function isEventName(value) {
  return typeof value === 'string' && value.length > 0;
}

function view(sub, withEvents) {
  const { id, event, once, fail, active, events } = sub;
  return withEvents ? { id, event, once, fail, active, events } : { id, event, once, fail, active };
}

app.post('/subscriptions', (req, res) => {
  const body = req.body && typeof req.body === 'object' ? req.body : {};
  const { event, once = false, fail = false } = body;
  if (!isEventName(event)) return badRequest(res, 'event must be a non-empty string');
  if (typeof once !== 'boolean') return badRequest(res, 'once must be a boolean');
  if (typeof fail !== 'boolean') return badRequest(res, 'fail must be a boolean');

  const sub = { id: String(nextId++), event, once, fail, active: true, events: [] };
  sub.listener = (payload) => {
    seq += 1;
    sub.events.push({ event, payload, seq });
    if (once) sub.active = false;
    if (fail) throw new Error(`subscription ${sub.id} fails on purpose`);
  };
  if (once) emitter.once(event, sub.listener);
  else emitter.on(event, sub.listener);
  subscriptions.set(sub.id, sub);
  res.status(201).json(view(sub, false));
});

app.get('/subscriptions/:id', (req, res) => {
  const sub = subscriptions.get(req.params.id);
  if (!sub) return res.status(404).json({ error: 'subscription not found' });
  res.json(view(sub, true));
});

app.delete('/subscriptions/:id', (req, res) => {
  const sub = subscriptions.get(req.params.id);
  if (!sub || !sub.active) return res.status(404).json({ error: 'no active subscription with this id' });
  emitter.off(sub.event, sub.listener);
  sub.active = false;
  res.status(204).end();
});

app.post('/events', (req, res) => {
  const body = req.body && typeof req.body === 'object' ? req.body : {};
  const { event } = body;
  if (!isEventName(event)) return badRequest(res, 'event must be a non-empty string');
  const payload = body.payload === undefined ? null : body.payload;
  const { listeners, errors } = emitter.emit(event, payload);
  res.json({ event, listeners, errors });
});

app.get('/listeners', (req, res) => {
  const event = typeof req.query.event === 'string' ? req.query.event : '';
  res.json({ event, count: emitter.listenerCount(event) });
});

// A malformed JSON body is a client error, not a crash.
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') return badRequest(res, 'body must be JSON');
  next(err);
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
