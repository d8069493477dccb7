#!/usr/bin/env node
// The drydock CLI: runs the committed bundle, so it works from a clone without a build step.
import { fileURLToPath } from 'node:url';

const { main, endProcess } = await import('../dist/cli/index.js');
// Once the outcome is printed the process ends, whatever work nobody waits for any more is still pending.
await endProcess(await main(fileURLToPath(new URL('../actions', import.meta.url))));
