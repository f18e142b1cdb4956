import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

/** PowerShell files import as their text, as esbuild's text loader does in scripts/build.mjs. */
function powershellText(): Plugin {
  return {
    name: 'rdp-doctor-powershell-text',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0] ?? id;
      if (!/\.psm?1$/.test(file)) return null;
      return { code: `export default ${JSON.stringify(readFileSync(file, 'utf8'))};`, map: null };
    },
  };
}

export default defineConfig({
  plugins: [powershellText()],
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'build/**/*.test.ts', 'e2e/dns/**/*.test.ts', 'e2e/servers/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
