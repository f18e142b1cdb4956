/**
 * The wizard end to end in Chromium against `rdp-doctor serve` and real RDP servers on loopback:
 * reachability, a healthy walk, an expired certificate, standard-RDP-only and NLA-required servers,
 * a filtered port, a name with one failing address (the .rdp file), accessibility (axe, light and
 * dark) and "nothing leaves the machine". Name resolution goes only to the test DNS server.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { DnsServer } from './dns/dnsServer';
import type { ServedApp } from './fixtures/serve';
import { next, type ServedWithNames, serveWithNames, shot, showWhatWeSaw, skip, startAt as startAtApp, stepLeftOpen, title, verdict } from './fixtures/wizard';
import { closedPort, filteredPort, startShadowNla, startXrdp, stopAll, type RunningServer, type ShadowInfo, type XrdpInfo } from './servers/index';

let app: ServedApp;
let dns: DnsServer;
let named: ServedWithNames | undefined;
let valid: RunningServer<XrdpInfo>;
let expired: RunningServer<XrdpInfo>;
let rdpOnly: RunningServer<XrdpInfo>;
let nla: RunningServer<ShadowInfo>;
let closed: number;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [valid, expired, rdpOnly, nla, closed] = await Promise.all([
    startXrdp('valid-cert'),
    startXrdp('expired-cert'),
    startXrdp('rdp-only'),
    startShadowNla(),
    closedPort(),
  ]);
  // rdp-host.test: 127.0.0.1 is the healthy xrdp; 127.0.0.2 has nothing on that port (refused).
  named = await serveWithNames({ 'rdp-host.test': { A: ['127.0.0.1', '127.0.0.2'] } });
  ({ app, dns } = named);
});

test.afterAll(async () => {
  await named?.stop();
  await stopAll();
});

/** startAt against this file's served app. */
const startAt = (page: Page, target: string): Promise<void> => startAtApp(page, app, target);

/** The healthy xrdp from target to summary; `each` runs on every step once its checks are done. */
async function walkHealthy(page: Page, each: (name: string) => Promise<void> = async () => undefined): Promise<void> {
  await startAt(page, `127.0.0.1:${valid.port}`);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await each('reachability');
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await each('certificate');
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await each('security');
  await next(page);
  // An IP target has no name to compare: the step says so (nothing to check, not "could not be
  // checked", in the banner and the step list) and Next may go on without a skip reason.
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'not-checked');
  await expect(verdict(page).locator('.verdict-label')).toHaveText('Nothing to check');
  await expect(verdict(page)).toContainText('Nothing to compare: 127.0.0.1 is already an IP address.');
  await expect(page.getByTestId('step-addressing').locator('.step-status')).toHaveText(/nothing to check/);
  await expect(page.getByTestId('skip-button')).toHaveCount(0);
  // ... and shows nothing under it: no "What we saw" opening onto an empty list, no empty check list.
  await expect(page.getByTestId('what-we-saw')).toHaveCount(0);
  await expect(page.getByText('All checks in this step')).toHaveCount(0);
  await each('addressing');
  await next(page);
  // xrdp has no UDP transport: UDP is informational (TCP alone works), so the step passes and says so.
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await expect(page.getByTestId('check-row-udp')).toContainText(/UDP .* is closed/);
  await each('stability');
  await next(page);
  await expect(page.getByTestId('summary-overview')).toBeVisible();
  await each('summary');
}

test('reachability: an open xrdp port passes, a closed port is refused', async ({ page }) => {
  await startAt(page, `127.0.0.1:${valid.port}`);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await expect(page.getByTestId('check-row-tcp')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('check-row-rdp-listener')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('tcp-127.0.0.1')).toHaveAttribute('data-outcome', 'open');
  await expect(page.getByTestId('finding-port-closed')).toHaveCount(0);
  await shot(page, 'reachability-open');

  await startAt(page, `127.0.0.1:${closed}`);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail');
  await expect(page.getByTestId('check-row-tcp')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('tcp-127.0.0.1')).toHaveAttribute('data-outcome', 'refused');
  await expect(page.getByTestId('finding-port-closed')).toHaveAttribute('data-severity', 'error');
  await expect(page.getByTestId('check-row-rdp-listener')).toHaveAttribute('data-status', 'skipped');
  await stepLeftOpen(page);
  await shot(page, 'reachability-refused');
});

test('healthy xrdp: every step to a clean summary, exported as Markdown', async ({ page }) => {
  await walkHealthy(page, async (step) => {
    if (step === 'certificate') {
      await expect(page.getByTestId('finding-cert-self-signed')).toHaveAttribute('data-severity', 'info');
    }
    await shot(page, `healthy-${step}`);
  });
  await expect(page.getByTestId('summary-overview')).toContainText('No problems found');
  const findings = page.locator('[data-testid^="finding-"]');
  await expect(page.locator('[data-testid^="finding-"][data-severity="error"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="finding-"][data-severity="warning"]')).toHaveCount(0);
  await expect(findings).toHaveCount(1);
  await expect(page.getByTestId('finding-cert-self-signed')).toBeVisible();
  await expect(page.getByTestId('summary-step-addressing')).toContainText('Nothing to check');
  await expect(page.getByTestId('summary-step-addressing')).not.toContainText(/could not be checked/i);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-markdown').click();
  const file = await download;
  const md = await readFile((await file.path())!, 'utf8');
  expect(md).toContain('cert-self-signed');
  expect(md).toContain('| IP instead of host name | Nothing to check | Nothing to compare: 127.0.0.1 is already an IP address. |');
  expect(md).not.toContain('## What was fixed');
});

test('expired certificate: caught at the certificate step with its fix', async ({ page }) => {
  await startAt(page, `127.0.0.1:${expired.port}`);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail');
  const finding = page.getByTestId('finding-cert-expired');
  await expect(finding).toHaveAttribute('data-severity', 'error');
  await expect(page.getByTestId('check-row-tls')).toHaveAttribute('data-status', 'fail');
  // Plain words: send this to IT, with what IT can do one click away (repairs first).
  await expect(finding.getByTestId('next-action')).toContainText(/Send this to IT: the remote computer's certificate expired on \d{1,2} [A-Z][a-z]+ \d{4}\./);
  const cards = finding.locator('[data-testid^="fix-card-"]');
  await finding.getByText(/^What IT can do/).click();
  await expect(cards.first()).toBeVisible();
  await expect(finding.getByTestId('fix-card-regenerate-self-signed-cert')).toHaveCount(1);
  // By hand, IT gets the script the fix runs: saved as a .ps1 Windows PowerShell 5.1 reads (BOM, CRLF).
  const regen = finding.getByTestId('fix-card-regenerate-self-signed-cert');
  await regen.getByText(/^Commands for IT staff/).click();
  const download = page.waitForEvent('download');
  await regen.getByTestId('save-script').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('rdp-doctor-fix-regenerate-cert.ps1');
  const script = await readFile((await file.path())!, 'utf8');
  expect(script.startsWith('\uFEFF# RDP Doctor: the script fix-regenerate-cert as the app runs it')).toBe(true);
  expect(script).toContain("\r\n$in = ConvertFrom-Json -InputObject @'\r\n{\"thumbprint\":\"");
  expect(script.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
  await stepLeftOpen(page);
  await shot(page, 'expired-certificate');
});

test('standard RDP only and NLA required are explained at the security step', async ({ page }) => {
  await startAt(page, `127.0.0.1:${rdpOnly.port}`);
  await next(page);
  // No TLS, so no certificate to check: the step says so and is skipped with a reason.
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'not-checked');
  await skip(page, 'The server offers no TLS, so there is no certificate.');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'warn');
  await expect(page.getByTestId('finding-tls-not-allowed')).toHaveAttribute('data-severity', 'warning');
  await expect(page.getByTestId('check-row-security-layers')).toHaveAttribute('data-status', 'warn');
  await shot(page, 'security-rdp-only');

  await startAt(page, `127.0.0.1:${nla.port}`);
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await expect(page.getByTestId('finding-nla-required')).toHaveAttribute('data-severity', 'info');
  await expect(page.getByTestId('check-row-credssp')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('finding-tls-not-allowed')).toHaveCount(0);
  await shot(page, 'security-nla-required');
});

test('filtered port: stops at the firewall step', async ({ page }) => {
  const filtered = await filteredPort();
  test.skip('skipped' in filtered, 'skipped' in filtered ? filtered.skipped : '');
  if ('skipped' in filtered) return;
  try {
    await startAt(page, `127.0.0.1:${filtered.port}`);
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail');
    await expect(page.getByTestId('finding-port-filtered')).toHaveAttribute('data-severity', 'error');
    await expect(page.getByTestId('tcp-127.0.0.1')).toHaveAttribute('data-outcome', 'filtered');
    await stepLeftOpen(page);
    await shot(page, 'firewall-filtered');
  } finally {
    await filtered.remove();
  }
});

test('a name with a failing address: the IP step offers a working .rdp file', async ({ page }) => {
  await startAt(page, `rdp-host.test:${valid.port}`);
  // Skip ahead to the addressing step; each earlier step is skipped with a reason if it does not pass.
  for (let i = 0; i < 3; i++) {
    if (await page.getByTestId('next-button').isEnabled()) await next(page);
    else await skip(page, 'Checked at the address step.');
  }
  await expect(title(page)).toContainText('IP instead of host name');
  await showWhatWeSaw(page);
  await expect(page.getByTestId('rdp-file-panel')).toBeVisible();
  await shot(page, 'addressing-rdp-file');
  const download = page.waitForEvent('download');
  await page.getByTestId('rdp-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.rdp$/);
  const content = await readFile((await file.path())!, 'utf8');
  expect(content).toContain(`full address:s:127.0.0.1:${valid.port}`);
  expect(dns.queries.some((q) => q.startsWith('rdp-host.test/'))).toBe(true);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`accessibility: no axe violations on any step (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const seen: string[] = [];
    await walkHealthy(page, async (step) => {
      const result = await new AxeBuilder({ page }).analyze();
      expect(result.violations.map((v) => `${step}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      seen.push(step);
      if (step === 'summary' || step === 'certificate') await shot(page, `axe-${scheme}-${step}`);
    });
    expect(seen).toEqual(['reachability', 'certificate', 'security', 'addressing', 'stability', 'summary']);
  });
}

test('offline: every request the page makes goes to its own origin', async ({ page }) => {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await walkHealthy(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-html').click();
  await download;
  await shot(page, 'offline-summary');
  const origin = `http://127.0.0.1:${app.port}/`;
  expect(urls.length).toBeGreaterThan(5);
  expect(urls.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:' + origin))).toEqual([]);
});
