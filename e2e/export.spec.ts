/**
 * Reports from the summary of a real diagnosis (a host name served by the test DNS server, pointing
 * at a healthy xrdp): a self-contained HTML file that prints well, Markdown, the contract's JSON, the
 * redact option (the host name replaced consistently), and Copy as Markdown into the clipboard.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { diagnosisSchema } from '../shared/model';
import type { ServedApp } from './fixtures/serve';
import { onToSummary, type ServedWithNames, serveWithNames, shot, startAt } from './fixtures/wizard';
import { startXrdp, stopAll, type RunningServer, type XrdpInfo } from './servers/index';

const NAME = 'reports-host.test';

let app: ServedApp;
let named: ServedWithNames | undefined;
let server: RunningServer<XrdpInfo>;

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startXrdp('valid-cert');
  named = await serveWithNames({ [NAME]: { A: ['127.0.0.1'] } });
  app = named.app;
});

test.afterAll(async () => {
  await named?.stop();
  await stopAll();
});

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const file = await pending;
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('HTML, Markdown and JSON reports, redacted consistently, and Copy as Markdown', async ({ page }) => {
  test.setTimeout(150_000);
  await startAt(page, app, `${NAME}:${server.port}`);
  await onToSummary(page, 'Not needed for this test.');
  await shot(page, 'export-summary');

  // HTML: one file with its own styles, print rules, no outside resource, the real target in it.
  const html = await download(page, 'export-html');
  expect(html.name).toMatch(/\.html$/);
  expect(html.text).toContain('<style');
  expect(html.text).toMatch(/@media print/);
  expect(html.text).not.toMatch(/<(script|link|img|iframe)\b[^>]*(src|href)=["']?(https?:)?\/\//i);
  expect(html.text).toContain(NAME);

  // JSON: the contract's diagnosis, as the service holds it.
  const json = await download(page, 'export-json');
  const parsed = diagnosisSchema.safeParse(JSON.parse(json.text));
  expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
  expect(parsed.data!.target).toMatchObject({ host: NAME, port: server.port });

  // Markdown, then the same with redact on: the host name is gone, replaced the same way everywhere.
  const md = await download(page, 'export-markdown');
  const mentions = md.text.split(NAME).length - 1;
  expect(mentions).toBeGreaterThan(1);
  await page.getByTestId('redact-checkbox').check();
  const redacted = await download(page, 'export-markdown');
  expect(redacted.text).not.toContain(NAME);
  expect(redacted.text).not.toContain('reports-host');
  // The typed name is host-1 wherever it stood; the certificate's own name (localhost) is another one.
  expect(redacted.text).toContain(`# RDP Doctor report: host-1:${server.port}`);
  expect(redacted.text.split('host-1').length - 1).toBeGreaterThanOrEqual(mentions);
  expect(md.text).toContain('localhost');
  expect(redacted.text).not.toContain('localhost');
  expect(redacted.text).toMatch(/host-2\b/);

  // Copy as Markdown puts the (redacted, as chosen) report in the clipboard.
  await page.getByTestId('copy-markdown').click();
  await expect(page.locator('.export-card').getByText('Copied the report as Markdown.')).toBeVisible();
  await expect(page.getByTestId('live-region')).toContainText('Copied the report as Markdown.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(redacted.text);
});
