const http = require('http');
const express = require('express');
const { Server } = require('socket.io');

const USERNAME = /^[A-Za-z0-9_-]{1,32}$/;

const app = express();
const server = http.createServer(app);
const io = new Server(server, { cors: { origin: '*' } });

// username -> Set of socket ids: a user is online while the set is not empty.
const online = new Map();
// room -> Set of socket ids, so that the members of a room are known without asking Socket.io.
const rooms = new Map();

const fail = (error) => ({ ok: false, error });
const nonEmpty = (value) => typeof value === 'string' && value.length > 0;
const isObject = (data) => data !== null && typeof data === 'object' && !Array.isArray(data);

function membersOf(room) {
  const names = new Set();
  for (const id of rooms.get(room) || []) {
    const other = io.sockets.sockets.get(id);
    if (other) names.add(other.data.username);
  }
  return [...names].sort();
}

// Take the socket out of the room (our map and Socket.io's) and tell the ones still in it.
function leaveRoom(socket, room) {
  const members = rooms.get(room);
  if (!members || !members.has(socket.id)) return false;
  members.delete(socket.id);
  if (members.size === 0) rooms.delete(room);
  socket.leave(room);
  socket.to(room).emit('user_left', { room, username: socket.data.username });
  return true;
}

io.use((socket, next) => {
  const username = socket.handshake.auth && socket.handshake.auth.username;
  if (typeof username !== 'string' || !USERNAME.test(username)) return next(new Error('invalid username'));
  socket.data.username = username;
  next();
});

io.on('connection', (socket) => {
  const { username } = socket.data;
  if (!online.has(username)) {
    online.set(username, new Set());
    socket.broadcast.emit('presence', { username, online: true });
  }
  online.get(username).add(socket.id);

  socket.on('join', (data, ack) => {
    if (typeof ack !== 'function') return;
    if (!isObject(data) || !nonEmpty(data.room)) return ack(fail('room is required'));
    const { room } = data;
    if (!rooms.has(room)) rooms.set(room, new Set());
    const members = rooms.get(room);
    if (!members.has(socket.id)) {
      members.add(socket.id);
      socket.join(room);
      socket.to(room).emit('user_joined', { room, username });
    }
    ack({ ok: true, room, members: membersOf(room) });
  });

  socket.on('leave', (data, ack) => {
    if (typeof ack !== 'function') return;
    if (!isObject(data) || !nonEmpty(data.room)) return ack(fail('room is required'));
    if (!leaveRoom(socket, data.room)) return ack(fail('not in this room'));
    ack({ ok: true, room: data.room });
  });

  socket.on('room_message', (data, ack) => {
    if (typeof ack !== 'function') return;
    if (!isObject(data) || !nonEmpty(data.room) || !nonEmpty(data.text)) return ack(fail('room and text are required'));
    const { room, text } = data;
    if (!(rooms.get(room) || new Set()).has(socket.id)) return ack(fail('not in this room'));
    socket.to(room).emit('room_message', { room, from: username, text });
    ack({ ok: true });
  });

  socket.on('private_message', (data, ack) => {
    if (typeof ack !== 'function') return;
    if (!isObject(data) || !nonEmpty(data.to) || !nonEmpty(data.text)) return ack(fail('to and text are required'));
    const { to, text } = data;
    if (!online.has(to)) return ack(fail(`${to} is not online`));
    io.to([...online.get(to)]).emit('private_message', { from: username, to, text }); // every socket of the user
    ack({ ok: true });
  });

  socket.on('disconnecting', () => {
    for (const room of [...socket.rooms]) {
      if (rooms.has(room)) leaveRoom(socket, room);
    }
  });

  socket.on('disconnect', () => {
    const sockets = online.get(username);
    sockets.delete(socket.id);
    if (sockets.size === 0) {
      online.delete(username);
      io.emit('presence', { username, online: false });
    }
  });
});

app.get('/users', (req, res) => {
  res.json({ online: [...online.keys()].sort() });
});

const PORT = process.env.PORT || 3000;
server.listen(PORT, '0.0.0.0', () => {
  console.log(`Chat server listening on port ${PORT}`);
});
