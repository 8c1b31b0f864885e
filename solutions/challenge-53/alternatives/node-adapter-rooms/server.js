// Alternative: no maps of its own. Presence and membership come from Socket.io's adapter: each
// user's sockets share the room "@<username>", members are read with fetchSockets().
const http = require('http');
const express = require('express');
const { Server } = require('socket.io');

const app = express();
const server = http.createServer(app);
const io = new Server(server);
const userRoom = (name) => `@${name}`;
const socketsOf = (name) => io.sockets.adapter.rooms.get(userRoom(name))?.size ?? 0;
const str = (v) => typeof v === 'string' && v !== '';
const no = (error) => ({ ok: false, error });

io.use((socket, next) => {
  const name = socket.handshake.auth?.username;
  if (typeof name === 'string' && /^[\w-]{1,32}$/.test(name)) {
    socket.data.username = name;
    return next();
  }
  next(new Error('bad username'));
});

io.on('connection', async (socket) => {
  const me = socket.data.username;
  const first = socketsOf(me) === 0;
  socket.join(userRoom(me));
  if (first) socket.broadcast.emit('presence', { username: me, online: true });

  const inRoom = (room) => room !== socket.id && !room.startsWith('@') && socket.rooms.has(room);

  socket.on('join', async (d, ack) => {
    if (!str(d?.room) || d.room.startsWith('@')) return ack?.(no('bad room'));
    if (!socket.rooms.has(d.room)) {
      socket.join(d.room);
      socket.to(d.room).emit('user_joined', { room: d.room, username: me });
    }
    const members = [...new Set((await io.in(d.room).fetchSockets()).map((s) => s.data.username))].sort();
    ack?.({ ok: true, room: d.room, members });
  });

  socket.on('leave', (d, ack) => {
    if (!str(d?.room) || !inRoom(d.room)) return ack?.(no('not a member'));
    socket.leave(d.room);
    io.to(d.room).emit('user_left', { room: d.room, username: me });
    ack?.({ ok: true, room: d.room });
  });

  socket.on('room_message', (d, ack) => {
    if (!str(d?.room) || !str(d?.text)) return ack?.(no('bad message'));
    if (!inRoom(d.room)) return ack?.(no('not a member'));
    socket.to(d.room).emit('room_message', { room: d.room, from: me, text: d.text });
    ack?.({ ok: true });
  });

  socket.on('private_message', (d, ack) => {
    if (!str(d?.to) || !str(d?.text)) return ack?.(no('bad message'));
    if (socketsOf(d.to) === 0) return ack?.(no('offline'));
    io.to(userRoom(d.to)).emit('private_message', { from: me, to: d.to, text: d.text });
    ack?.({ ok: true });
  });

  socket.on('disconnecting', () => {
    for (const room of socket.rooms) {
      if (inRoom(room)) socket.to(room).emit('user_left', { room, username: me });
    }
  });

  socket.on('disconnect', () => {
    if (socketsOf(me) === 0) io.emit('presence', { username: me, online: false });
  });
});

app.get('/users', async (req, res) => {
  const names = new Set((await io.fetchSockets()).map((s) => s.data.username));
  res.json({ online: [...names].sort() });
});

server.listen(Number(process.env.PORT) || 3000, '0.0.0.0');
