// Electronegativity (Doyensec's Electron security scanner) over the app's own Electron code and
// page: the main-process sources (tests left out) and renderer/index.html. Fails when it reports
// any HIGH finding; prints every finding. Runs offline: the scanner's two downloads (translations,
// Electron's release list) are refused before they leave the process, its English texts are built
// in, and the release check is left out (the Electron version is pinned in package.json).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Module = require('node:module');
const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;

// The only network library the scanner uses; it is asked for before each download.
const load = Module._load;
Module._load = function loadOffline(request, ...rest) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('offline: the scan downloads nothing'));
    return Object.assign(refuse, { default: refuse });
  }
  return load.call(this, request, ...rest);
};
process.env.LANG = 'en-US';

let runner;
try {
  runner = require('@doyensec/electronegativity');
} catch {
  // A node_modules from before it was added: said, and counted as skipped by scripts/test.mjs.
  console.error('Electronegativity scan skipped: @doyensec/electronegativity is not installed here; run `npm install` (npm ci installs it).');
  process.exit(3);
}
const run = runner.default ?? runner;

/** The app's Electron code and page, without tests and fixtures. */
const input = mkdtempSync(path.join(os.tmpdir(), 'rdp-electronegativity-'));
const out = path.join(input, 'findings.csv');
const src = path.join(input, 'src');
const copy = (from, to) => {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'fixtures') continue;
      copy(source, path.join(to, entry.name));
    } else if (/\.(ts|js|cjs|mjs|html)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
      mkdirSync(to, { recursive: true });
      cpSync(source, path.join(to, entry.name));
    }
  }
};
copy(path.join(root, 'electron'), path.join(src, 'electron'));
cpSync(path.join(root, 'renderer', 'index.html'), path.join(src, 'renderer', 'index.html'));

const silence = console.log;
console.log = () => undefined; // the scanner's progress bar and banner
let result;
try {
  result = await run(
    { input: src, output: out, isSarif: false, customScan: [], excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], electronVersionOverride: electronVersion, isRelative: true, verbose: false },
    false,
  );
} finally {
  console.log = silence;
}
// The scanner may still be writing its CSV when it resolves: cleaning up is retried, and a folder
// that cannot be removed is said, never a failed scan.
try {
  rmSync(input, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
} catch (error) {
  console.warn(`Electronegativity: could not remove its temporary folder ${input}: ${error.code ?? error}`);
}

const issues = result.issues ?? [];
const count = (name) => issues.filter((i) => i.severity.name === name).length;
for (const issue of issues) {
  console.log(`${issue.severity.name.padEnd(13)} ${issue.id.padEnd(34)} ${issue.file}:${issue.location.line}  ${issue.description}`);
}
console.log(`Electronegativity: ${count('HIGH')} HIGH, ${count('MEDIUM')} MEDIUM, ${count('LOW')} LOW, ${count('INFORMATIONAL')} INFORMATIONAL (Electron ${electronVersion})`);
process.exit(count('HIGH') > 0 || count('CRITICAL') > 0 ? 1 : 0);
