// Runs a bundle in this process and writes its peak resident set size (KiB) to $MAX_RSS_FILE on exit.
// VmHWM from /proc, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec, so
// a child of a large parent would report the parent's peak.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

process.on('exit', () => {
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  writeFileSync(process.env.MAX_RSS_FILE, hwm ?? String(process.resourceUsage().maxRSS));
});
await import(pathToFileURL(path.resolve(process.argv[2])).href);
