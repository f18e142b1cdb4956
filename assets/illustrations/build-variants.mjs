#!/usr/bin/env node
/**
 * Illustration palette and variants.
 *
 * The drawings (NAME.svg) are hand-written. Each one has, first thing in its
 * <style>, a theme block between the markers /*theme*\/ and /*\/theme*\/.
 * This script owns the two palettes below and:
 *
 *   1. rewrites the theme block of every NAME.svg: light values by default,
 *      dark values under @media (prefers-color-scheme: dark), and overrides for
 *      an ancestor (or the <svg> itself) with data-theme="light" / "dark" when
 *      the SVG is inlined in a page that has its own theme switch;
 *   2. writes NAME.light.svg and NAME.dark.svg: one palette, every var(--x)
 *      replaced by its colour (no custom properties, no media query), and every
 *      id renamed (rdpd-fw -> rdpd-fw-light) so all three can sit in one page;
 *   3. checks what the app relies on: size, no scripts / external references /
 *      foreignObject, role="img" + <title> + <desc>, unique ids, callout count
 *      equal to the number of steps in index.json, WCAG contrast of the palette.
 *
 * Usage:  node assets/illustrations/build-variants.mjs          (write)
 *         node assets/illustrations/build-variants.mjs --check  (verify only; exit 1 if stale or invalid)
 */
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = dirname(fileURLToPath(import.meta.url));
const CHECK = process.argv.includes('--check');
const MAX_BYTES = 25 * 1024;

/** Palette. Keys are the custom property names without the leading "--". */
export const PALETTES = {
  light: {
    bg: '#e8edf3', // canvas behind the window
    shd: 'rgba(0,0,0,.1)', // window shadow
    win: '#ffffff', // window / list / field background
    face: '#f0f0f0', // classic dialog face
    chr: '#f3f3f3', // title bar, menu and toolbar band
    ln: '#c2c2c2', // borders
    ln2: '#e3e3e3', // grid lines, separators
    tx: '#1b1b1b', // text
    mu: '#5c5c5c', // secondary text, icons, checkbox borders
    dis: '#8f8f8f', // disabled text (inactive controls)
    lk: '#0f6cbd', // links
    ac: '#0f6cbd', // callouts, highlight rings, ticked boxes
    on: '#ffffff', // callout numbers and ticks on the accent
    sel: '#cce8ff', // selected row / menu item
    sell: '#99d1ff', // selected row border
    btn: '#fdfdfd', // buttons
    hd: '#1e3a8a', // Control Panel heading
    bad: '#b3241a', // expired date
    ban: '#1f4f8f', // mstsc banner
    bantx: '#ffffff', // mstsc banner text
    menu: '#f9f9f9', // context menu
  },
  dark: {
    bg: '#16181c',
    shd: 'rgba(0,0,0,.45)',
    win: '#2b2b2b',
    face: '#242424',
    chr: '#1f1f1f',
    ln: '#5e5e5e',
    ln2: '#3b3b3b',
    tx: '#f2f2f2',
    mu: '#c5c5c5',
    dis: '#8a8a8a',
    lk: '#4cc2ff',
    ac: '#4cc2ff',
    on: '#000000',
    sel: '#0b3f66',
    sell: '#2d7fc1',
    btn: '#373737',
    hd: '#9cc8ff',
    bad: '#ff99a4',
    ban: '#123a66',
    bantx: '#ffffff',
    menu: '#2c2c2c',
  },
};

/** Pairs that carry meaning: [foreground, background, minimum ratio]. */
const CONTRAST_RULES = [
  ['on', 'ac', 4.5], // callout numbers
  ['ac', 'win', 3], // callout circles and rings against windows
  ['ac', 'bg', 3],
  ['ac', 'face', 3],
  ['ac', 'chr', 3],
  ['ac', 'sel', 3],
  ['tx', 'win', 4.5],
  ['tx', 'bg', 4.5], // captions drawn on the canvas
  ['mu', 'bg', 4.5],
  ['tx', 'face', 4.5],
  ['tx', 'chr', 4.5],
  ['tx', 'sel', 4.5],
  ['tx', 'btn', 4.5],
  ['tx', 'menu', 4.5],
  ['mu', 'win', 4.5],
  ['mu', 'face', 4.5],
  ['mu', 'chr', 4.5],
  ['mu', 'sel', 4.5],
  ['lk', 'win', 4.5],
  ['lk', 'face', 4.5],
  ['hd', 'win', 4.5],
  ['bad', 'win', 4.5],
  ['bad', 'sel', 4.5],
  ['bantx', 'ban', 4.5],
];

const THEME_RE = /\/\*theme\*\/[\s\S]*?\/\*\/theme\*\//;

const decls = (p) =>
  Object.entries(p)
    .map(([k, v]) => `--${k}:${v}`)
    .join(';');

function themeBlock(id) {
  const L = decls(PALETTES.light);
  const D = decls(PALETTES.dark);
  const sel = (t) => `[data-theme="${t}"] #${id},#${id}[data-theme="${t}"]`;
  return (
    `/*theme*/#${id}{${L}}\n` +
    `@media (prefers-color-scheme:dark){#${id}{${D}}}\n` +
    `${sel('light')}{${L}}\n${sel('dark')}{${D}}/*/theme*/`
  );
}

function variant(src, id, name) {
  const pal = PALETTES[name];
  const nid = `${id}-${name}`;
  let out = src.replace(THEME_RE, `/*${name} palette*/`);
  out = out.replace(/var\(--([a-z0-9]+)\)/g, (m, k) => {
    if (!(k in pal)) throw new Error(`${id}: unknown palette key --${k}`);
    return pal[k];
  });
  // Rename every id and reference once: rdpd-fw, rdpd-fw-title, #rdpd-fw-cb ...
  out = out.replace(new RegExp(`\\b${id}(?![\\w])`, 'g'), nid);
  return out;
}

/* ---------- WCAG contrast ---------- */
function rgb(hex) {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
}
function lum(hex) {
  const [r, g, b] = rgb(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a, b) {
  const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

/* ---------- checks ---------- */
function validate(file, text, errors) {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BYTES) errors.push(`${file}: ${bytes} bytes (limit ${MAX_BYTES})`);
  if (/<script|<foreignObject|\son[a-z]+=|@import|@font-face/i.test(text)) errors.push(`${file}: script, handler, foreignObject, @import or @font-face`);
  if (/(href|src)\s*=\s*"(?!#)/i.test(text) || /url\((?!#)/i.test(text)) errors.push(`${file}: external reference`);
  if (!/<svg[^>]*\srole="img"/.test(text)) errors.push(`${file}: no role="img"`);
  if (!/<title[^>]*>[^<]{8,}<\/title>/.test(text)) errors.push(`${file}: no <title>`);
  if (!/<desc[^>]*>[^<]{20,}<\/desc>/.test(text)) errors.push(`${file}: no <desc>`);
  if (!/viewBox="0 0 \d+ \d+"/.test(text)) errors.push(`${file}: no viewBox`);
  const ids = [...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const dup = ids.filter((v, i) => ids.indexOf(v) !== i);
  if (dup.length) errors.push(`${file}: duplicate ids ${[...new Set(dup)].join(', ')}`);
  for (const m of text.matchAll(/(?:href="#|url\(#)([^")]+)/g)) {
    if (!ids.includes(m[1])) errors.push(`${file}: reference to missing #${m[1]}`);
  }
  for (const m of text.matchAll(/aria-(?:labelledby|describedby)="([^"]+)"/g)) {
    if (!ids.includes(m[1])) errors.push(`${file}: aria reference to missing #${m[1]}`);
  }
}

function calloutNumbers(text) {
  return [...text.matchAll(/<g class="co">[\s\S]*?<text[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
}

function main() {
  const errors = [];
  const stale = [];

  for (const [name, pal] of Object.entries(PALETTES)) {
    for (const [fg, bg, min] of CONTRAST_RULES) {
      const r = contrast(pal[fg], pal[bg]);
      if (r < min) errors.push(`palette ${name}: --${fg} on --${bg} is ${r.toFixed(2)}:1 (needs ${min}:1)`);
    }
  }

  const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8'));
  const sources = readdirSync(DIR)
    .filter((f) => f.endsWith('.svg') && !/\.(light|dark)\.svg$/.test(f))
    .sort();

  const emit = (file, text) => {
    const path = join(DIR, file);
    const cur = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (cur === text) return;
    if (CHECK) stale.push(file);
    else writeFileSync(path, text);
  };

  for (const file of sources) {
    const raw = readFileSync(join(DIR, file), 'utf8');
    const id = /<svg[^>]*\sid="([^"]+)"/.exec(raw)?.[1];
    if (!id) {
      errors.push(`${file}: the <svg> element needs an id (used to scope its styles)`);
      continue;
    }
    if (!THEME_RE.test(raw)) {
      errors.push(`${file}: no /*theme*/ ... /*/theme*/ block in <style>`);
      continue;
    }
    const def = raw.replace(THEME_RE, themeBlock(id));
    const outputs = { [file]: def };
    for (const v of ['light', 'dark']) outputs[file.replace(/\.svg$/, `.${v}.svg`)] = variant(def, id, v);

    for (const [f, t] of Object.entries(outputs)) {
      validate(f, t, errors);
      emit(f, t);
    }
    if (/var\(--/.test(outputs[file.replace(/\.svg$/, '.light.svg')])) errors.push(`${file}: var() left in the light variant`);

    // index.json must describe it, with one step per callout, numbered 1..n.
    const key = file.replace(/\.svg$/, '');
    const entry = index.illustrations?.[key];
    const nums = calloutNumbers(raw);
    if (!entry) errors.push(`index.json: no entry for ${key}`);
    else {
      const want = { default: file, light: `${key}.light.svg`, dark: `${key}.dark.svg` };
      for (const k of Object.keys(want)) if (entry.files?.[k] !== want[k]) errors.push(`index.json ${key}: files.${k} should be ${want[k]}`);
      const seq = [...new Set(nums)].sort((a, b) => a - b);
      if (seq.length !== entry.steps?.length || seq.some((n, i) => n !== i + 1))
        errors.push(`index.json ${key}: ${entry.steps?.length} steps but callouts ${nums.join(',')}`);
    }
  }
  for (const key of Object.keys(index.illustrations ?? {})) {
    if (!sources.includes(`${key}.svg`)) errors.push(`index.json: ${key} has no ${key}.svg`);
  }

  if (stale.length) errors.push(`out of date (run without --check): ${stale.join(', ')}`);
  if (errors.length) {
    for (const e of errors) console.error(`✗ ${e}`);
    process.exit(1);
  }
  console.log(`✓ ${sources.length} illustrations${CHECK ? ' up to date' : ' written'} (default, light, dark)`);
}

// Run only as a script, so other code (tests) can import PALETTES and contrast().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
