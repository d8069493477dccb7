#!/usr/bin/env node
// The drydock CLI: runs the committed bundle, so it works from a clone without a build step.
import { fileURLToPath } from 'node:url';

const { main } = await import('../dist/cli/index.js');
process.exitCode = await main(fileURLToPath(new URL('../actions', import.meta.url)));
