#!/usr/bin/env node
/**
 * Rasterises the app icon and packs the Windows .ico.
 *
 *   assets/icon.svg          source (256 x 256 design grid)
 *   assets/icon-small.svg    optional pixel-fitted source used for sizes <= 32
 *   -> assets/icons/{16,24,32,48,64,128,256,512}.png
 *   -> assets/icon.png       (512 x 512; electron-builder makes the macOS .icns from it)
 *   -> assets/icon.ico       (16, 24, 32, 48, 64, 128, 256; PNG-compressed entries, Windows Vista and later)
 *
 * Rendering uses Chromium through playwright-core (already a dev dependency), so
 * each size is drawn from the vectors at that size rather than scaled down.
 * Browser: $CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own download.
 *
 * Usage: node assets/build-icons.mjs
 */
import { mkdirSync, writeFileSync, readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const DIR = dirname(fileURLToPath(import.meta.url));
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const SMALL_MAX = 32;

/** Packs PNG images into an ICO container: ICONDIR, one ICONDIRENTRY per image, then the PNG data. */
export function packIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); // width (0 means 256)
    e.writeUInt8(size >= 256 ? 0 : size, 1); // height
    e.writeUInt8(0, 2); // colours in palette: none
    e.writeUInt8(0, 3); // reserved
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

function pngSize(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

async function main() {
  const big = join(DIR, 'icon.svg');
  const small = existsSync(join(DIR, 'icon-small.svg')) ? join(DIR, 'icon-small.svg') : big;
  const exe = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu'] });
  const tmp = mkdtempSync(join(tmpdir(), 'rdpd-icons-'));
  mkdirSync(join(DIR, 'icons'), { recursive: true });
  const pngs = new Map();
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 600 }, deviceScaleFactor: 1 });
    for (const size of SIZES) {
      const src = size <= SMALL_MAX ? small : big;
      const html = join(tmp, `${size}.html`);
      writeFileSync(
        html,
        `<!doctype html><html><body style="margin:0;background:transparent">` +
          `<img id="i" src="${pathToFileURL(src).href}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.goto(pathToFileURL(html).href);
      await page.waitForFunction(() => document.getElementById('i').complete);
      const png = await page.locator('#i').screenshot({ omitBackground: true });
      const [w, h] = pngSize(png);
      if (w !== size || h !== size) throw new Error(`${size}px render came out ${w}x${h}`);
      writeFileSync(join(DIR, 'icons', `${size}.png`), png);
      pngs.set(size, png);
    }
  } finally {
    await browser.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(join(DIR, 'icon.png'), pngs.get(512));
  writeFileSync(join(DIR, 'icon.ico'), packIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
  const ico = readFileSync(join(DIR, 'icon.ico'));
  console.log(`✓ icons/{${SIZES.join(',')}}.png, icon.png (512), icon.ico (${ICO_SIZES.join(', ')}; ${ico.length} bytes)`);
}

await main();
