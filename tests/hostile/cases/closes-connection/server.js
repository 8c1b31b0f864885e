require('./good')({ handle: (req, res, url) => { if (url.pathname === '/echo') { req.socket.destroy(); return true; } } });
