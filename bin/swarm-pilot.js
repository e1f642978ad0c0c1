#!/usr/bin/env node
'use strict';
// Thin launcher: the bundled CLI lives in dist/ (built by `npm install` via the prepare script).
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
try {
  require.resolve(cli);
} catch {
  process.stderr.write('swarm-pilot: dist/cli.js is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(2);
}
const { runCli } = require(cli);
process.exitCode = runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  stderrIsTty: Boolean(process.stderr.isTTY),
});
