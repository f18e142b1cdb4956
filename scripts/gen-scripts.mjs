// Writes shared/catalog/fixScripts.generated.ts: the "run it by hand" form of each fix script, built
// from the .ps1 files by electron/powershell/standalone.ts (bundled here with the build's options).
// `node scripts/gen-scripts.mjs --check` only compares and exits 1 when the file is stale.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from './nodeBundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'shared/catalog/fixScripts.generated.ts');
const out = await build({
  ...nodeBundleOptions(root, false),
  stdin: { contents: "export { generatedModule } from './electron/powershell/standalone';", resolveDir: root, loader: 'ts' },
  format: 'esm',
  write: false,
});
const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`;
const { generatedModule } = await import(url);
const text = generatedModule();
let current;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = '';
}
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error('shared/catalog/fixScripts.generated.ts is stale: run npm run gen:scripts');
    process.exit(1);
  }
} else if (current !== text) {
  writeFileSync(`${target}.tmp`, text);
  renameSync(`${target}.tmp`, target);
  console.log('wrote shared/catalog/fixScripts.generated.ts');
} else {
  console.log('shared/catalog/fixScripts.generated.ts is up to date');
}
