// Four threads spinning forever beside the server.
const { Worker } = require('worker_threads');
for (let i = 0; i < 4; i++) new Worker('for(;;){}', { eval: true });
require('./good')();
