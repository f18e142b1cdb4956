import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('./electron-builder.config.cjs') as Record<string, unknown> & { electronFuses: Record<string, boolean>; win: { target: { target: string }[] } };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('a typo would be caught by the same validation', async () => {
    await expect(validateConfiguration({ ...config, winn: {} }, { isEnabled: false, add: () => undefined })).rejects.toThrow();
  });

  it('sets the production fuses and the offline targets', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(config.asar).toBe(true);
  });
});
