// Allocates (and touches) 16 MiB more on every tick after /echo, until the limit stops it.
const hoard = [];
require('./good')({ handle: (req, res, url) => {
  if (url.pathname !== '/echo') return false;
  setInterval(() => hoard.push(Buffer.alloc(16 * 1024 * 1024, 1)), 10);
  return true;
} });
