const express = require('express');

// TODO: an emitter with on / once / off / emit / listenerCount. emit calls the listeners of one
//       event in subscription order and keeps going when one throws (count the errors).
//       (Node's require('events') stops at the first listener that throws.)

// TODO: subscriptions by id: { id, event, once, fail, active, events: [{ event, payload, seq }] },
//       seq from one counter shared by every listener.

const app = express();
app.use(express.json());

// TODO: POST   /subscriptions       {event, once?, fail?} -> 201 the subscription; 400 bad body
// TODO: GET    /subscriptions/:id   -> 200 with its events; 404
// TODO: DELETE /subscriptions/:id   -> 204; 404 unknown or inactive
// TODO: POST   /events              {event, payload?} -> 200 {event, listeners, errors}; 400
// TODO: GET    /listeners?event=    -> 200 {event, count}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
