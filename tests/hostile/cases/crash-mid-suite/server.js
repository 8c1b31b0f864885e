require('./good')({ handle: (req, res, url) => {
  if (url.pathname === '/echo') { console.error('fatal: crashing on /echo'); process.exit(1); }
} });
