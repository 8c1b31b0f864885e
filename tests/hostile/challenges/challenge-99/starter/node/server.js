require('http').createServer((q, s) => { s.statusCode = 404; s.end(); }).listen(process.env.PORT || 3000, '0.0.0.0');
