/**
 * Plain words first, seen on screen: for each real server (healthy, expired certificate, old TLS only,
 * every TLS handshake refused with an alert, a port that accepts and never answers, a filtered port,
 * NLA), each step is saved as a screenshot in plain words and IT detail, light and dark, at 800x600
 * and 1280x800, under test-results/screenshots/<server>/<step>-<plain|it>-<light|dark>-<size>.png.
 * With IT detail off no step shows a term that belongs to IT (shared/catalog/plainWords.ts); where a
 * step found a problem, its next action is above the fold at 1280x800; axe finds nothing at 800x600,
 * light and dark. One served app and one instance of each server for the whole file.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { itTermsIn } from '../shared/catalog/plainWords';
import { setRunOptions, startServe, type ServedApp } from './fixtures/serve';
import { next, RUN, skip, startAt, title } from './fixtures/wizard';
import { filteredPort, startFault, startShadowNla, startXrdp, stopAll, type FilteredPort } from './servers/index';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

const SIZES = [
  { name: '800x600', width: 800, height: 600 },
  { name: '1280x800', width: 1280, height: 800 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
type Audience = 'plain' | 'it';

let app: ServedApp;
const targets: Record<string, string> = {};
let filtered: FilteredPort | null = null;
let filteredSkip = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const [healthy, expired, legacy, alert, nla, silent] = await Promise.all([
    startXrdp('valid-cert'),
    startXrdp('expired-cert'),
    startXrdp('tls-legacy-only'),
    // TLS 1.2 only, with a cipher no client offers: every handshake ends with a TLS alert.
    startXrdp('valid-cert', { sslProtocols: 'TLSv1.2', tlsCiphers: 'ADH-AES128-SHA:@SECLEVEL=0' }),
    startShadowNla(),
    startFault('accept-then-silence'),
  ]);
  Object.assign(targets, {
    healthy: healthy.port,
    expired: expired.port,
    'old-tls': legacy.port,
    'tls-alert': alert.port,
    nla: nla.port,
    silent: silent.port,
  });
  const f = await filteredPort();
  if ('skipped' in f) filteredSkip = f.skipped;
  else {
    filtered = f;
    targets.filtered = String(f.port);
  }
  app = await startServe();
  // Short waits: a filtered port or a silent server costs this per attempt, not the default 5 s.
  await setRunOptions(app, { timeoutMs: 2000 });
});

test.afterAll(async () => {
  await app?.stop();
  await filtered?.remove();
  await stopAll();
});

async function setAudience(page: Page, audience: Audience): Promise<void> {
  const toggle = page.getByTestId('audience-toggle');
  const want = audience === 'it' ? 'true' : 'false';
  if ((await toggle.getAttribute('aria-checked')) !== want) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', want);
}

/** The step's id as the app shows it (data-step on the step's content). */
const stepId = (page: Page) => page.locator('#step-content').getAttribute('data-step');

/** Every screenshot of the step in view, and the plain-words, fold and axe checks. */
async function look(page: Page, server: string): Promise<void> {
  const step = (await stepId(page)) ?? 'unknown';
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const audience of ['plain', 'it'] as const) {
        await setAudience(page, audience);
        await page.locator('#step-content').evaluate((el) => el.scrollTo({ top: 0 }));
        await page.screenshot({ path: path.join(SHOTS, server, `${step}-${audience}-${scheme}-${size.name}.png`), animations: 'disabled' });
        if (audience === 'plain' && scheme === 'light') {
          const text = await page.locator('body').innerText();
          expect(itTermsIn(text), `${server} / ${step}: IT terms in plain words`).toEqual([]);
        }
        if (audience === 'plain' && size.name === '1280x800' && scheme === 'light') {
          // The next action (when the step has one) starts above the fold.
          const action = page.getByTestId('next-action').first();
          if (await action.count()) {
            const box = await action.boundingBox();
            expect(box, `${server} / ${step}: next action`).not.toBeNull();
            expect(box!.y, `${server} / ${step}: next action above the fold`).toBeLessThan(size.height - 80);
          }
        }
        if (size.name === '800x600' && audience === 'plain') {
          const result = await new AxeBuilder({ page }).analyze();
          expect(result.violations.map((v) => `${server} / ${step} (${scheme}): ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
        }
      }
    }
  }
  // The whole step at once, to read what lies below the fold: a window as tall as the step (light only).
  await page.emulateMedia({ colorScheme: 'light' });
  for (const audience of ['plain', 'it'] as const) {
    await setAudience(page, audience);
    const tall = await page.locator('#step-content').evaluate((el) => el.scrollHeight - el.clientHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(6000, 800 + tall) });
    await page.screenshot({ path: path.join(SHOTS, server, `${step}-${audience}-light-1280xfull.png`), animations: 'disabled' });
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

/** From the first check step to the summary, looking at each step on the way. */
async function walk(page: Page, server: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 7; i++) {
    seen.push((await stepId(page)) ?? '');
    await look(page, server);
    if (await page.getByTestId('summary-overview').isVisible()) break;
    await setAudience(page, 'plain');
    if (await page.getByTestId('next-button').isEnabled()) await next(page);
    else await skip(page, 'Looked at this step; going on.');
  }
  return seen;
}

test('the target step', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await expect(title(page)).toBeVisible();
  await look(page, 'start');
});

for (const server of ['healthy', 'expired', 'old-tls', 'tls-alert', 'silent', 'filtered', 'nla']) {
  test(`${server}: every step in plain words and IT detail`, async ({ page }) => {
    test.skip(server === 'filtered' && !filtered, filteredSkip);
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await startAt(page, app, `127.0.0.1:${targets[server]}`);
    await expect(page.getByTestId('step-verdict')).toBeVisible({ timeout: RUN });
    const seen = await walk(page, server);
    expect(seen.at(-1)).toBe('summary');
    if (server === 'healthy') {
      await expect(page.getByTestId('summary-overview')).toContainText('The remote computer accepts Remote Desktop connections from here');
      await expect(page.getByTestId('what-that-leaves')).toContainText('send the report to IT');
      await expect(page.getByTestId('diagnose-another')).toBeVisible();
      await setAudience(page, 'plain');
      // The UDP check is named with the port it tried, not a fixed 3389.
      await page.getByTestId('step-stability').click();
      await expect(page.getByTestId('check-row-udp')).toContainText(`UDP ${targets.healthy}`);
      // "Diagnose another computer": back to an empty target.
      await page.getByTestId('step-summary').click();
      await page.getByTestId('diagnose-another').click();
      await expect(page.getByTestId('target-input')).toHaveValue('');
    }
    if (server === 'tls-alert') {
      await setAudience(page, 'plain');
      // Where it dies, in plain words, on the stability step: every attempt cut while being secured.
      await page.getByTestId('step-stability').click();
      await expect(page.getByTestId('stage-summary')).toContainText('Every attempt ended at “Secure”. The connection is cut while it is being secured');
    }
    if (server === 'filtered') {
      // While the port keeps silent, the progress bar says how long the wait can still take.
      await page.getByTestId('step-reachability').click();
      await page.getByTestId('check-again').click();
      await expect(page.getByTestId('time-left')).toContainText(/up to \d+ s left|finishing/, { timeout: 10_000 });
      await expect(page.getByTestId('step-verdict')).toBeVisible({ timeout: RUN });
    }
    if (server === 'expired') {
      await setAudience(page, 'plain');
      await page.getByTestId('step-certificate').click();
      const action = page.getByTestId('next-action');
      await expect(action).toContainText(/Send this to IT: the remote computer's certificate expired on \d{1,2} [A-Z][a-z]+ \d{4}/);
      await expect(action.getByTestId('send-to-it')).toBeVisible();
      // The button makes the report (a download in the browser).
      const download = page.waitForEvent('download');
      await action.getByTestId('send-to-it').click();
      expect((await download).suggestedFilename()).toMatch(/\.html$/);
    }
  });
}
