// `npm test`: every test. Build, typecheck, lint, the Electronegativity scan (no HIGH finding), unit
// and integration tests (vitest: they start real xrdp / FreeRDP servers and fault injectors on loopback), the
// PowerShell tests (Pester 5 in PowerShell 7, found by scripts/powershellTools.mjs; skipped with its reason
// on a machine without them, failed in CI), then the end-to-end tests in Chromium against `rdp-doctor serve` (Playwright).
// Ends with one line: "N passed, N failed" (scripts/testTally.mjs: a failed step counts as failed).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPowerShellTools, pesterCounts, powershellRequired } from './powershellTools.mjs';
import { createTally } from './testTally.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const out = path.join(root, 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const tally = createTally();
const tools = findPowerShellTools({ env: process.env, home: os.homedir() });
// The vitest tests that run scripts in real pwsh (runner, elevation) use the same pwsh.
const pwshEnv = 'pwsh' in tools ? { RDPDOCTOR_PWSH: tools.pwsh } : {};

function run(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

/** A step that is not a test run: a failure counts as one failed. */
function step(name, command, args, env = {}) {
  const ok = run(name, command, args, env);
  tally.step(name, ok);
  return ok;
}

/** A test run and its report's counts (null when the report is missing or unreadable). */
function tests(name, command, args, env, report, read) {
  const ok = run(name, command, args, env);
  tally.tests(name, ok, existsSync(report) ? read(readFileSync(report, 'utf8')) : null);
  return ok;
}

function countVitest(text) {
  const report = JSON.parse(text);
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function countPlaywright(text) {
  const s = JSON.parse(text).stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

/** One step run in the background, its output kept and printed whole when it ends. */
function background(name, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (e) => chunks.push(Buffer.from(`${e.message}\n`)));
    child.on('close', (code, signal) => {
      const ok = code === 0;
      process.stdout.write(`\n=== ${name}\n${Buffer.concat(chunks).toString()}`);
      console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${code ?? signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      tally.step(name, ok);
      resolve(ok);
    });
  });
}

/** Steps that only read the tree, two at a time (each is one busy process): the typechecks and the lint. */
async function inParallel(steps, width = 2) {
  const queue = [...steps];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await background(...next);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

const buildOk = step('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
await inParallel([
  ['typecheck', process.execPath, [tsc, '-p', 'tsconfig.json']],
  ['typecheck shared (pure: no Node, no DOM)', process.execPath, [tsc, '-p', 'shared/tsconfig.json']],
  ['typecheck renderer', process.execPath, [tsc, '-p', 'renderer/tsconfig.json']],
  ['typecheck end-to-end tests', process.execPath, [tsc, '-p', 'e2e/tsconfig.json']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
]);
{
  // Exit 3: the scanner is not installed in this node_modules (older than package.json): skipped, with its reason.
  const scan = spawnSync(process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs')], { cwd: root, stdio: 'inherit' });
  console.log(`\n=== Electronegativity scan (no HIGH finding): ${scan.status === 0 ? 'ok' : scan.status === 3 ? 'skipped' : 'FAILED'}`);
  if (scan.status === 3) tally.skip('Electronegativity scan', 'the scanner is not installed in this node_modules');
  else tally.step('Electronegativity scan', scan.status === 0);
}

const vitestJson = path.join(out, 'vitest.json');
tests('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], pwshEnv, vitestJson, countVitest);

{
  const name = 'PowerShell tests (Pester)';
  if ('pwsh' in tools) {
    const summary = path.join(out, 'pester.json');
    const runner = path.join(root, 'electron', 'powershell', 'testing', 'Invoke-RdPester.ps1');
    tests(name, tools.pwsh, ['-NoProfile', '-NonInteractive', '-File', runner, '-Root', path.join(root, 'electron'), '-ResultPath', summary, '-PesterPath', tools.pester], pwshEnv, summary, pesterCounts);
  } else if (powershellRequired(process.env)) {
    console.log(`\n=== ${name}: FAILED: ${tools.reason}`);
    tally.step(name, false);
  } else {
    console.log(`\n=== ${name}: skipped: ${tools.reason}`);
    tally.skip(name, tools.reason);
  }
}

if (buildOk) {
  const pwJson = path.join(out, 'playwright.json');
  tests('end-to-end tests (Chromium, real servers)', bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson }, pwJson, countPlaywright);
} else {
  tally.step('end-to-end tests (not run: the build failed)', false);
}

const [stepsLine, closingLine] = tally.closing();
console.log(`\n${stepsLine}`);
console.log(closingLine);
process.exit(tally.ok() ? 0 : 1);
