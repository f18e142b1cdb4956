// The esbuild options of the Node bundles (main process, preload, command line), in one place:
// scripts/build.mjs builds dist/ with them, and tests that bundle the CLI from source use the same.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function nodeBundleOptions(root, production) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: production ? false : 'inline',
    legalComments: 'none',
    minifyWhitespace: production,
    minifySyntax: production,
    keepNames: true,
    logLevel: 'warning',
    absWorkingDir: root,
    // The Windows side's PowerShell files (electron/powershell/) travel inside the bundles as text.
    loader: { '.ps1': 'text', '.psm1': 'text' },
    define: {
      'process.env.RDP_DOCTOR_BUILD': JSON.stringify(production ? 'production' : 'development'),
      // The app's one version, package.json's, written into the bundles (the command line prints it).
      'process.env.RDP_DOCTOR_VERSION': JSON.stringify(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version),
    },
  };
}
