// Alternative: Socket.io on a plain node:http server (no Express; GET / answered by hand), one
// setup function per namespace, the admin token compared in constant time in a namespace middleware.
const http = require('node:http');
const crypto = require('node:crypto');
const { Server } = require('socket.io');

const PORT = Number(process.env.PORT || 3000);
const ADMIN_TOKEN = process.env.ADMIN_TOKEN || '';

const httpServer = http.createServer((req, res) => {
  // socket.io handles /socket.io/ itself before this listener sees anything.
  const body = req.method === 'GET' && req.url.split('?')[0] === '/' ? { status: 'ok' } : { error: 'not found' };
  res.writeHead(body.status ? 200 : 404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
});

const io = new Server(httpServer, { cors: { origin: '*' } });

const validRoom = (room) => typeof room === 'string' && room.length > 0;

function setupRoot(nsp) {
  nsp.on('connection', (socket) => {
    socket.on('ping', (payload, ack) => {
      if (typeof ack === 'function') ack({ pong: true, echo: payload });
    });
  });
}

function setupChat(nsp) {
  nsp.on('connection', (socket) => {
    socket.on('join', async (data) => {
      if (!validRoom(data?.room)) return;
      await socket.join(data.room);
      socket.emit('joined', { room: data.room });
    });
    socket.on('leave', async (data) => {
      if (!validRoom(data?.room)) return;
      await socket.leave(data.room);
      socket.emit('left', { room: data.room });
    });
    socket.on('message', (data) => {
      if (!validRoom(data?.room) || typeof data.text !== 'string') return;
      if (!socket.rooms.has(data.room)) return;
      nsp.to(data.room).emit('message', { room: data.room, text: data.text, from: socket.id });
    });
  });
}

function tokenMatches(given) {
  if (!ADMIN_TOKEN || typeof given !== 'string') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(ADMIN_TOKEN).digest();
  return crypto.timingSafeEqual(a, b);
}

function setupAdmin(nsp, chat) {
  nsp.use((socket, next) => {
    if (tokenMatches(socket.handshake.auth?.token)) return next();
    const err = new Error('unauthorized');
    err.data = { reason: 'a valid admin token is required' };
    return next(err);
  });
  nsp.on('connection', (socket) => {
    socket.on('broadcast', (data) => {
      if (typeof data?.text !== 'string') return;
      chat.emit('announcement', { text: data.text });
    });
  });
}

const chat = io.of('/chat');
setupRoot(io.of('/'));
setupChat(chat);
setupAdmin(io.of('/admin'), chat);

httpServer.listen(PORT, '0.0.0.0', () => console.log(`listening on ${PORT}`));
