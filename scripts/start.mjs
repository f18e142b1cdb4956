// `npm start`: build, then open the desktop app. Where the Electron runtime is not installed (an
// offline install skips its download), say so in one line and serve the same wizard on loopback.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);

function electronBinary() {
  try {
    const binary = require('electron'); // the package exports the runtime's path, and throws when it is missing
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const forward = (child) => {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

const binary = process.env.RDP_DOCTOR_BROWSER_MODE ? null : electronBinary();
if (binary) {
  forward(spawn(binary, [root], { stdio: 'inherit', cwd: root }));
} else {
  console.log('The Electron runtime is not installed here (offline install): serving the same wizard in your browser instead.');
  forward(spawn(process.execPath, [path.join(root, "bin", "rdp-doctor.cjs"), "serve", ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit'], cwd: root }));
}
