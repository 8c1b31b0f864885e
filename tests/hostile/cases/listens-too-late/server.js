const serve = require('./good');
console.log('warming up for 12 s');
setTimeout(() => serve(), 12000);
