const http = require('http');
const express = require('express');
// const { Server } = require('socket.io');

const ADMIN_TOKEN = process.env.ADMIN_TOKEN || '';

const app = express();

// TODO: GET / -> 200 {"status": "ok"}

// Express runs inside a plain http server, so Socket.io can share the port.
const server = http.createServer(app);

// TODO: const io = new Server(server);  (default path /socket.io)
// TODO: namespace "/": on "ping" (payload, ack) -> ack({ pong: true, echo: payload })
// TODO: namespace "/chat":
//         "join" {room}          -> socket.join(room), then emit "joined" {room} to this socket
//         "leave" {room}         -> socket.leave(room), then emit "left" {room} to this socket
//         "message" {room, text} -> emit "message" {room, text, from: socket.id} to everyone in
//                                   the room, the sender included
// TODO: namespace "/admin": refuse connections whose socket.handshake.auth.token is not
//       ADMIN_TOKEN (middleware: next(new Error('unauthorized'))); on "broadcast" {text} emit
//       "announcement" {text} to every socket of "/chat".

const PORT = process.env.PORT || 3000;
server.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
