// Builds the three parts: the main process and the command line (Node, CommonJS bundles), the
// sandboxed preload (one self-contained file: a sandboxed preload can only require 'electron'),
// and the renderer (Vite). `--if-missing` (npm's prepare hook) skips work when dist/ is complete.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from './nodeBundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outputs = ['electron/main.cjs', 'electron/preload.cjs', 'cli.cjs', 'renderer/index.html'].map((f) => path.join(dist, f));
const args = new Set(process.argv.slice(2));

if (args.has('--if-missing') && outputs.every((f) => existsSync(f))) process.exit(0);

const production = process.env.NODE_ENV !== 'development';
const common = nodeBundleOptions(root, production);

const only = [...args].find((a) => a.startsWith('--only='))?.slice(7);
const started = Date.now();
if (!only || only === 'node') {
  rmSync(path.join(dist, 'electron'), { recursive: true, force: true });
  await Promise.all([
    build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron'] }),
    build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] }),
    build({ ...common, entryPoints: ['electron/cli.ts'], outfile: 'dist/cli.cjs', external: ['electron'] }),
  ]);
  // V8 code cache for the command line (bin/rdp-doctor.cjs uses it when the Node version matches).
  rmSync(path.join(dist, 'cli.cjs.v8cache'), { force: true });
  const cache = spawnSync(process.execPath, [path.join(root, 'bin', 'rdp-doctor.cjs'), '--version'], {
    env: { ...process.env, RDP_DOCTOR_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 30_000,
  });
  if (cache.status !== 0) console.warn('the command line code cache was not written; the command line still works, only starts slower');
}
if (!only || only === 'renderer') {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}
console.log(`built in ${Date.now() - started} ms`);
