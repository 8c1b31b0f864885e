// Tries to reach a listener that the test started on this machine (through the bridge gateway,
// its only way to the host), then serves, reporting whether it got through.
const os = require('os');
const net = require('net');
const serve = require('./good');
const ip = Object.values(os.networkInterfaces()).flat().find((a) => a.family === 'IPv4' && !a.internal).address;
const gateway = ip.split('.').slice(0, 3).concat('1').join('.');
let reached = null;
const done = (msg) => { console.log(msg); sock.destroy(); if (!done.once) { done.once = true; serve({ status: () => (reached ? { reached } : {}) }); } };
const sock = net.connect({ host: gateway, port: Number(process.env.PROBE_PORT || 18999) });
sock.setTimeout(2000, () => done('blocked: timeout'));
sock.on('connect', () => { reached = gateway; done('REACHED the host'); });
sock.on('error', (e) => done(`blocked: ${e.code}`));
