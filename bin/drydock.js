#!/usr/bin/env node
// The drydock CLI: runs the committed bundle, so it works from a clone without a build step.
await import('../dist/cli/index.js');
