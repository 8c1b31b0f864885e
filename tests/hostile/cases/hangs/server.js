require('./good')({ handle: (req, res, url) => url.pathname === '/echo' /* and never answer */ });
