#!/usr/bin/env node
// `npm run bench`: performance figures for RDP Doctor against real loopback servers.
// Builds the CLI, then runs scripts/bench/bench.ts under tsx (the e2e harness is TypeScript).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Always rebuild the command line (about a second), so the figures are those of the source as it is.
process.stdout.write('building the command line (node scripts/build.mjs --only=node)...\n');
const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only=node'], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) {
  process.stderr.write('bench: build failed\n');
  process.exit(b.status ?? 1);
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'bench', 'bench.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Forward Ctrl-C / SIGTERM to our own child only, so it can run its cleanup (stopAll, iptables rule).
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
