const http = require('http');
const express = require('express');
const { Server } = require('socket.io');

const ADMIN_TOKEN = process.env.ADMIN_TOKEN || '';

const app = express();
app.get('/', (req, res) => {
  res.status(200).json({ status: 'ok' });
});

// Socket.io shares the HTTP server (and so the port) with Express, under /socket.io.
const server = http.createServer(app);
const io = new Server(server, { cors: { origin: '*' } });

const isNonEmptyString = (value) => typeof value === 'string' && value.length > 0;

// Default namespace "/": ping answers through the acknowledgement callback.
io.on('connection', (socket) => {
  socket.on('ping', (payload, ack) => {
    if (typeof ack === 'function') ack({ pong: true, echo: payload });
  });
});

// "/chat": rooms.
const chat = io.of('/chat');
chat.on('connection', (socket) => {
  socket.on('join', (data) => {
    const room = data && data.room;
    if (!isNonEmptyString(room)) return;
    socket.join(room);
    socket.emit('joined', { room });
  });

  socket.on('leave', (data) => {
    const room = data && data.room;
    if (!isNonEmptyString(room)) return;
    socket.leave(room);
    socket.emit('left', { room });
  });

  socket.on('message', (data) => {
    const { room, text } = data || {};
    if (!isNonEmptyString(room) || typeof text !== 'string') return;
    // chat.to(room) reaches every member, the sender included (socket.to(room) would skip it).
    chat.to(room).emit('message', { room, text, from: socket.id });
  });
});

// "/admin": only with the right token in the handshake's auth payload.
const admin = io.of('/admin');
admin.use((socket, next) => {
  const { token } = socket.handshake.auth || {};
  if (ADMIN_TOKEN && token === ADMIN_TOKEN) return next();
  return next(new Error('unauthorized'));
});
admin.on('connection', (socket) => {
  socket.on('broadcast', (data) => {
    const text = data && data.text;
    if (typeof text !== 'string') return;
    chat.emit('announcement', { text });
  });
});

const PORT = process.env.PORT || 3000;
server.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
