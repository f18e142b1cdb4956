/**
 * Keyboard only, against a real healthy xrdp: from the first Tab to an exported report without the
 * mouse. Every Tab lands on a control with a visible focus indicator, Tab order follows the page's
 * reading order, and the live region announces the step verdicts. Every loop is bounded.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures/serve';
import { RUN, shot, title, verdict } from './fixtures/wizard';
import { startXrdp, stopAll, type RunningServer, type XrdpInfo } from './servers/index';

let app: ServedApp;
let server: RunningServer<XrdpInfo>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startXrdp('valid-cert');
  app = await startServe();
});

test.afterAll(async () => {
  await app?.stop();
  await stopAll();
});

interface Focused {
  testId: string | null;
  tag: string;
  /** A focus ring the user can see: an outline or a box shadow. */
  visible: boolean;
  /** Where it is in reading order relative to the element focused before (1 after, -1 before, 0 first). */
  order: number;
}

/** Press Tab once and describe what got focus. */
async function tab(page: Page): Promise<Focused> {
  await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const w = window as unknown as { __lastFocused?: Element };
    const el = document.activeElement;
    if (!el || el === document.body) return { testId: null, tag: 'body', visible: false, order: 0 };
    const style = getComputedStyle(el);
    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '');
    const previous = w.__lastFocused;
    let order = 0;
    if (previous && previous !== el && previous.isConnected) {
      order = previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1;
    }
    w.__lastFocused = el;
    return { testId: el.getAttribute('data-testid'), tag: el.tagName.toLowerCase(), visible, order };
  });
}

/**
 * Tab until the control with `testId` has focus (at most `max` presses), checking on the way that
 * every stop shows its focus and that focus only moves forward in reading order (until it wraps).
 */
async function tabTo(page: Page, testId: string, max = 80): Promise<void> {
  await page.evaluate(() => {
    delete (window as unknown as { __lastFocused?: Element }).__lastFocused;
  });
  let wrapped = false;
  for (let i = 0; i < max; i++) {
    const focused = await tab(page);
    if (focused.tag === 'body') {
      wrapped = true;
      continue;
    }
    expect(focused.visible, `focus is visible on ${focused.testId ?? focused.tag}`).toBe(true);
    if (focused.order === -1) {
      // Going backwards is allowed once: when Tab wraps from the end of the page to its start.
      expect(wrapped, `Tab went backwards to ${focused.testId ?? focused.tag}`).toBe(false);
      wrapped = true;
    }
    if (focused.testId === testId) return;
  }
  throw new Error(`${testId} was not reached within ${max} Tab presses`);
}

async function announced(page: Page): Promise<string> {
  return (await page.getByTestId('live-region').textContent()) ?? '';
}

test('keyboard only: target, every step, and the exported report, with visible focus in reading order', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(app.url);
  await tabTo(page, 'target-input');
  await page.keyboard.type(`127.0.0.1:${server.port}`);
  await tabTo(page, 'start-button');
  await page.keyboard.press('Enter');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass', { timeout: RUN });
  await expect.poll(() => announced(page), { timeout: RUN }).toMatch(/\S/);

  const seen: string[] = [await title(page).innerText()];
  for (let i = 0; i < 6 && !(await page.getByTestId('summary-overview').isVisible()); i++) {
    await tabTo(page, 'next-button');
    await page.keyboard.press('Enter');
    await expect(title(page)).not.toHaveText(seen[seen.length - 1]!);
    seen.push(await title(page).innerText());
    await expect(verdict(page).or(page.getByTestId('summary-overview'))).toBeVisible({ timeout: RUN });
    if (await verdict(page).isVisible()) {
      // The verdict of the step is announced to screen readers once its checks are done.
      await expect(verdict(page)).toHaveAttribute('data-verdict', /^(pass|not-checked|warn)$/, { timeout: RUN });
    }
  }
  await expect(page.getByTestId('summary-overview')).toBeVisible();
  expect(seen).toHaveLength(6);
  await shot(page, 'keyboard-summary');

  await tabTo(page, 'export-markdown');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const md = await readFile((await (await download).path())!, 'utf8');
  expect(md).toContain(`127.0.0.1:${server.port}`);
  expect(md).toContain('cert-self-signed');
});
