// Writes to its work dir until the disk is full, then serves normally.
const fs = require('fs');
const chunk = Buffer.alloc(1024 * 1024, 120);
let written = 0;
try { const fd = fs.openSync('fill.bin', 'w'); for (;;) { fs.writeSync(fd, chunk); written++; } }
catch (e) { console.log(`stopped after ${written} MiB: ${e.code}`); }
try { fs.unlinkSync('fill.bin'); } catch (e) {}
require('./good')();
