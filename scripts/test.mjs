// `npm test`: every test. Build, typecheck, lint, the Electronegativity scan (no HIGH finding), unit
// and integration tests (vitest: they start real xrdp / FreeRDP servers and fault injectors on loopback), then the end-to-end tests in
// Chromium against `rdp-doctor serve` (Playwright). Ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const out = path.join(root, 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function step(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failures.push(name);
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const s = report.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  return true;
}

const buildOk = step('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
const typecheckOk = step('typecheck', process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']) &&
  step('typecheck shared (pure: no Node, no DOM)', process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'shared/tsconfig.json']) &&
  step('typecheck renderer', process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'renderer/tsconfig.json']) &&
  step('typecheck end-to-end tests', process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'e2e/tsconfig.json']);
void typecheckOk;
step('lint', bin('eslint'), ['.', '--max-warnings', '0']);
{
  // Exit 3: the scanner is not installed in this node_modules (older than package.json): skipped, with its reason.
  const scan = spawnSync(process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs')], { cwd: root, stdio: 'inherit' });
  console.log(`\n=== Electronegativity scan (no HIGH finding): ${scan.status === 0 ? 'ok' : scan.status === 3 ? 'skipped' : 'FAILED'}`);
  if (scan.status === 3) skipped += 1;
  else if (scan.status !== 0) failures.push('Electronegativity scan');
}

const vitestJson = path.join(out, 'vitest.json');
step('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (!countVitest(vitestJson)) failed += 1;

if (buildOk) {
  const pwJson = path.join(out, 'playwright.json');
  step('end-to-end tests (Chromium, real servers)', bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (!countPlaywright(pwJson)) failed += 1;
} else {
  failed += 1;
}

console.log(`\nSteps that failed: ${failures.length ? failures.join(', ') : 'none'}${skipped ? ` (${skipped} tests skipped, each with its reason above)` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);
