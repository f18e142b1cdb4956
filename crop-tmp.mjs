import { chromium } from '@playwright/test';
const [,, file, x, y, w, h, out] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const p = await b.newPage({ viewport: { width: 1300, height: 5000 } });
await p.setContent(`<body style="margin:0"><img id="i" style="position:absolute;left:0;top:0"></body>`);
const { readFileSync } = await import('node:fs');
await p.evaluate((d) => new Promise((r) => { const i = document.getElementById('i'); i.onload = r; i.src = d; }), 'data:image/png;base64,' + readFileSync(file).toString('base64'));
await p.screenshot({ path: out, clip: { x: +x, y: +y, width: +w, height: +h } });
await b.close();
