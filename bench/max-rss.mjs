// Runs a bundle in this process and writes its peak resident set size (KiB) to $MAX_RSS_FILE on exit.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

process.on('exit', () => writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS)));
await import(pathToFileURL(path.resolve(process.argv[2])).href);
