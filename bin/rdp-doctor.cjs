#!/usr/bin/env node
'use strict';
// The command line entry: runs the bundled CLI, building it first in a fresh checkout.
// The bundle is compiled with V8's code cache (dist/cli.cjs.v8cache, written by the build), which
// saves most of the compile time of a one-shot command. A cache from another Node version is
// rejected by V8 and the bundle is simply compiled from source.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');
const { spawnSync } = require('node:child_process');

const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
const cacheFile = `${bundle}.v8cache`;

if (!fs.existsSync(bundle)) {
  const build = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !fs.existsSync(bundle)) {
    process.stderr.write('rdp-doctor: the command line is not built; run `npm run build` in the checkout.\n');
    process.exit(2);
  }
}

function readCache() {
  try {
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** Load the bundle as CommonJS would, but through vm.Script so V8 can use (and make) a code cache. */
function load() {
  const source = fs.readFileSync(bundle, 'utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const script = new vm.Script(wrapper, { filename: bundle, cachedData: readCache() });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  if (process.env.RDP_DOCTOR_WRITE_CODE_CACHE === '1') {
    // After the bundle's top level ran, so the cache also holds the functions it compiled.
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
  }
  return mod.exports;
}

load().main();
