import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The layer messages ESLint reports for `code` as if it were the file at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer import rules in the lint', () => {
  it.each([
    ['shared/sample.ts', "import { x } from '../electron/cli';", /shared\/ is below everything: it cannot import electron/],
    ['shared/rules/sample.ts', "import { x } from '../../renderer/api';", /cannot import renderer/],
    ['shared/sample.ts', "import fs from 'node:fs';", /no Node built-in/],
    ['shared/sample.ts', "import path from 'path';", /no Node built-in/],
    ['shared/sample.ts', "import { useState } from 'react';", /no DOM or React/],
    ['shared/sample.ts', "import { app } from 'electron';", /cannot import Electron/],
    ['shared/rules/sample.test.ts', "import { x } from '../../electron/checks/windows/check';", /A shared\/ test cannot import electron/],
    ['electron/service/sample.ts', "import { x } from '../../renderer/store/wizard';", /never import each other/],
    ['renderer/store/sample.ts', "import { x } from '../../electron/service/service';", /never import each other/],
    ['renderer/sample.ts', "import os from 'node:os';", /no Node built-in/],
    ['renderer/sample.ts', "import { ipcRenderer } from 'electron';", /only through the preload/],
    ['electron/fixes/sample.ts', "import { x } from '../service/environment';", /the service drives the fixes/],
    ['electron/fixes/sample.ts', "import { x } from '../../renderer/api';", /never import each other/],
    ['renderer/components/Sample.tsx', "import { getApi as x } from '../api';", /only through renderer\/store/],
    ['renderer/steps/Sample.tsx', "import { getApi as x } from '../api';", /only through renderer\/store/],
    ['renderer/components/Sample.tsx', "import { x } from '../../electron/cli';", /never import each other/],
  ])('%s: %s is refused', async (file, code, message) => {
    const errors = await layerErrors(file, `${code}\nvoid x;\n`);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['shared/rules/sample.ts', "import { z } from 'zod';\nimport type { Target } from '../target';"],
    ['shared/rules/sample.test.ts', "import fs from 'node:fs';\nimport { describe } from 'vitest';"],
    ['electron/service/sample.ts', "import fs from 'node:fs';\nimport { dispatch } from '../../shared/dispatch';\nimport { createFixBackend } from '../fixes';"],
    ['renderer/store/sample.ts', "import { create } from 'zustand';\nimport type { Settings } from '../../shared/contract';"],
    ['renderer/store/sample.ts', "import { getApi } from '../api';"],
    ['renderer/components/Sample.tsx', "import { useWizard } from '../store/wizard';"],
    ['renderer/vite.config.ts', "import { fileURLToPath } from 'node:url';"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await layerErrors(file, `${code}\n`)).toEqual([]);
  });
});
