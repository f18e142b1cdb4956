#!/usr/bin/env node
'use strict';
// The command line entry: runs the bundled CLI, building it first in a fresh checkout.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  const build = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !fs.existsSync(bundle)) {
    process.stderr.write('rdp-doctor: the command line is not built; run `npm run build` in the checkout.\n');
    process.exit(2);
  }
}
require(bundle).main();
