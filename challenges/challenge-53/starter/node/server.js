const http = require('http');
const express = require('express');
// const { Server } = require('socket.io');

const app = express();

// Express runs inside a plain http server, so Socket.io can share the port.
const server = http.createServer(app);

// TODO: const io = new Server(server);  (default path /socket.io, default namespace)
// TODO: io.use(...): refuse a handshake whose auth.username is not 1-32 of [A-Za-z0-9_-]
//       (next(new Error('invalid username'))); keep it in socket.data.username.
// TODO: presence: username -> Set of socket ids. First socket of a user: broadcast
//       "presence" {username, online: true} to the others; last socket gone: emit
//       "presence" {username, online: false} to everyone.
// TODO: every handler is acknowledged (socket.on('join', (data, ack) => ...)):
//         "join" {room}               -> ack {ok, room, members}; others in the room get "user_joined"
//         "leave" {room}              -> ack {ok, room}; the room gets "user_left"
//         "room_message" {room, text} -> the other sockets of the room get "room_message" {room, from, text}
//         "private_message" {to, text} -> every socket of `to` gets "private_message" {from, to, text}
//       refused requests: ack {ok: false, error}. On "disconnecting", leave every room.

// TODO: GET /users -> 200 {"online": [sorted usernames]}

const PORT = process.env.PORT || 3000;
server.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
