// A preload for bench:sign (node --import): notes when the process opened its first connection (its first request) and
// how much CPU it had used by then, and the same at its exit, in ms since the process started, and writes them as JSON
// to BENCH_TIMELINE_FILE. It listens on node:net's diagnostics channel (the registry client's HTTP runs on node:net
// sockets, its own or node:http's), so the bundle under test is not touched.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let first;
const onConnection = () => {
  first = { at: performance.now(), cpu: cpuMs() };
  unsubscribe('net.client.socket', onConnection);
};
subscribe('net.client.socket', onConnection);
process.on('exit', () => writeFileSync(process.env.BENCH_TIMELINE_FILE, JSON.stringify({ first, exit: { at: performance.now(), cpu: cpuMs() } })));
