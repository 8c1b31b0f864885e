// Ships a symlink to a host file (made by the test: secret -> a file outside the folder) and
// reports its content if it can read it.
const fs = require('fs');
let leaked = null;
try { leaked = fs.readFileSync('secret', 'utf8'); } catch (e) { console.log(`secret: ${e.code}`); }
require('./good')({ status: () => (leaked ? { leaked } : {}) });
