import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The harness's own tests: npx vitest run -c e2e/servers/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['e2e/servers/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
