// Serves, and floods stdout and stderr with 200 MiB each while the checks run, one 1 MiB slice
// per stream and tick (waiting for 'drain' when a stream says so, so requests still get a turn).
require('./good')();
const block = Buffer.from(('x'.repeat(1023) + '\n').repeat(1024));
let n = 0;
(function flood() {
  if (n++ >= 200) return console.log('flood done');
  const waits = [process.stdout, process.stderr].filter((s) => !s.write(block));
  if (!waits.length) return setImmediate(flood);
  let pending = waits.length;
  waits.forEach((s) => s.once('drain', () => { if (--pending === 0) flood(); }));
})();
