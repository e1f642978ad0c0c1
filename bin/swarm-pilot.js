#!/usr/bin/env node
'use strict';
// Thin launcher: the bundled CLI lives in dist/ (built by `npm install` via the prepare script); its main() wires
// the process's stdio and exit code (client/src/cli/main.ts).
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
try {
  require.resolve(cli);
} catch {
  process.stderr.write('swarm-pilot: dist/cli.js is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(2);
}
require(cli).main();
