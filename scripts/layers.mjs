// The layers of the code, as import rules for the lint (like VS Code's layering rule), so the
// house stays drawn as it is:
//   shared/    below everything: imports nothing from electron/ or renderer/, no Node built-in, no
//              DOM or React module (its tests neither);
//   electron/  the Node side: never imports renderer/;
//   renderer/  the page: never imports electron/ (the folder or the package) or a Node built-in;
//   electron/fixes/  never imports electron/service/ (the service drives the fixes, not the reverse);
//   renderer/components, steps, lib  call the service only through renderer/store (as GitHub
//              Desktop's stores): they never import renderer/api.
// eslint.config.js applies these; scripts/layers.test.ts proves each rule fires on a sample.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...new Set(builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]))];
const nodeBuiltinsMessage = 'shared/ and renderer/ run without Node: no Node built-in here.';

/** A relative import that reaches the top-level folder `name` (from anywhere below the root). */
const folder = (name, message) => ({ regex: `^(\\.\\./)+${name}(/|$)`, message });
const forbid = (patterns, paths = []) => ['error', { paths, patterns }];

const SHARED = forbid(
  [
    folder('electron', 'shared/ is below everything: it cannot import electron/.'),
    folder('renderer', 'shared/ is below everything: it cannot import renderer/.'),
    { regex: '^node:', message: nodeBuiltinsMessage },
    { regex: '^(react|react-dom|zustand)(/|$)', message: 'shared/ is pure TypeScript: no DOM or React modules.' },
  ],
  [...nodeBuiltins.map((name) => ({ name, message: nodeBuiltinsMessage })), { name: 'electron', message: 'shared/ cannot import Electron.' }],
);

const ELECTRON_PATTERNS = [folder('renderer', 'electron/ and renderer/ never import each other: go through the contract in shared/.')];
const ELECTRON = forbid(ELECTRON_PATTERNS);
const FIXES = forbid([...ELECTRON_PATTERNS, { regex: '^(\\.\\./)+service(/|$)', message: 'electron/fixes/ cannot import electron/service/: the service drives the fixes.' }]);

const RENDERER = forbid(
  [folder('electron', 'electron/ and renderer/ never import each other: go through the contract in shared/.'), { regex: '^node:', message: nodeBuiltinsMessage }],
  [...nodeBuiltins.map((name) => ({ name, message: nodeBuiltinsMessage })), { name: 'electron', message: 'The renderer reaches Electron only through the preload (window.rdpDoctor).' }],
);

// Side effects only through the stores: what the page shows never calls the service itself.
const RENDERER_VIEWS = forbid(
  [
    ...RENDERER[1].patterns,
    { regex: '^(\\.\\./)+api$', message: 'Components, steps and lib call the service only through renderer/store.' },
  ],
  RENDERER[1].paths,
);

/** ESLint config blocks, most specific last (a later block's no-restricted-imports replaces an earlier one's). */
// shared/ tests run under Node (they may read fixtures) but still sit below electron/ and renderer/.
const SHARED_TESTS = forbid([
  folder('electron', 'A shared/ test cannot import electron/: test that on the electron side.'),
  folder('renderer', 'A shared/ test cannot import renderer/.'),
]);

export const layerRules = [
  { files: ['shared/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': SHARED } },
  { files: ['shared/**/*.test.{ts,tsx}'], rules: { 'no-restricted-imports': SHARED_TESTS } },
  { files: ['electron/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ELECTRON } },
  { files: ['electron/fixes/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': FIXES } },
  // The renderer's build configuration runs in Node, not in the page.
  { files: ['renderer/**/*.{ts,tsx}'], ignores: ['renderer/vite.config.ts'], rules: { 'no-restricted-imports': RENDERER } },
  { files: ['renderer/{components,steps,lib}/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': RENDERER_VIEWS } },
];
