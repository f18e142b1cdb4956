/**
 * The certificate step against real xrdp servers with broken certificates, beyond the expired one in
 * wizard.spec.ts: no certificate at all (the negotiation says so), a key that does not fit the
 * certificate (TLS cannot start: the classic 0x904 / 0x7), a certificate for another name, and a weak
 * one. Each is caught at this step, with its finding and its fixes (server side, with the picture).
 */
import { expect, test } from '@playwright/test';
import type { ServedApp } from './fixtures/serve';
import { next, type ServedWithNames, serveWithNames, shot, showWhatWeSaw, startAt, stepLeftOpen, verdict } from './fixtures/wizard';
import { startXrdp, stopAll, type RunningServer, type XrdpInfo } from './servers/index';

let app: ServedApp;
let named: ServedWithNames | undefined;
let noCert: RunningServer<XrdpInfo>;
let keyMismatch: RunningServer<XrdpInfo>;
let wrongName: RunningServer<XrdpInfo>;
let weak: RunningServer<XrdpInfo>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [noCert, keyMismatch, wrongName, weak] = await Promise.all([startXrdp('no-cert'), startXrdp('key-mismatch'), startXrdp('wrong-name-cert'), startXrdp('weak-cert')]);
  named = await serveWithNames({ 'rdp-cert.test': { A: ['127.0.0.1'] } });
  app = named.app;
});

test.afterAll(async () => {
  await named?.stop();
  await stopAll();
});

test('no certificate: the negotiation failure is said in words, with the server-side fixes', async ({ page }) => {
  await startAt(page, app, `127.0.0.1:${noCert.port}`);
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail');
  // Plain words say it in words; IT detail names the negotiation failure.
  await expect(page.getByTestId('negotiation-failure')).toContainText('has no usable certificate');
  await page.getByTestId('audience-toggle').click();
  await expect(page.getByTestId('negotiation-failure')).toContainText('SSL_CERT_NOT_ON_SERVER');
  await page.getByTestId('audience-toggle').click();
  const finding = page.getByTestId('finding-tls-cert-not-on-server');
  await expect(finding).toHaveAttribute('data-severity', 'error');
  // Repairs first, least invasive first among them; reading the events is a step of a repair, not the first option.
  const cards = finding.locator('[data-testid^="fix-card-"]');
  await expect(cards.first()).toHaveAttribute('data-testid', 'fix-card-repair-keyfile-acl');
  await expect(finding.getByTestId('fix-card-regenerate-self-signed-cert')).toHaveCount(1);
  await stepLeftOpen(page);
  await shot(page, 'certificate-none');
});

test('a key that does not fit the certificate: TLS cannot start, tls-handshake-failed', async ({ page }) => {
  await startAt(page, app, `127.0.0.1:${keyMismatch.port}`);
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail');
  const finding = page.getByTestId('finding-tls-handshake-failed');
  await expect(finding).toHaveAttribute('data-severity', 'error');
  await showWhatWeSaw(page);
  await expect(page.getByTestId('tls-in-words')).toContainText('No version of the security protocol worked');
  await expect(page.getByTestId('certificate-card')).toHaveCount(0);
  if (process.platform !== 'win32') {
    // The Windows checks of the step, off Windows: one line for all of them.
    await expect(page.getByTestId('not-windows')).toHaveCount(1);
    await expect(page.getByTestId('not-windows')).toContainText('run on Windows only');
    await expect(page.getByText('Not applicable on this system')).toHaveCount(0);
    // IT detail lists each of them among the step's checks.
    await page.getByTestId('audience-toggle').click();
    await expect(page.getByText('Answered without TLS').first()).toBeVisible();
    await expect(page.getByTestId('check-row-win-key-file')).toContainText('Not applicable on this system');
    await page.getByTestId('audience-toggle').click();
  }
  await shot(page, 'certificate-key-mismatch');
});

test('a certificate for another name, typed by name: a warning with the names it does carry', async ({ page }) => {
  await startAt(page, app, `rdp-cert.test:${wrongName.port}`);
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'warn');
  const finding = page.getByTestId('finding-cert-name-mismatch');
  await expect(finding).toHaveAttribute('data-severity', 'warning');
  await expect(finding).toContainText('rdp-cert.test');
  await expect(page.getByTestId('certificate-card')).toContainText('Name does not match');
  await shot(page, 'certificate-wrong-name');

  // The same server by IP address: a mismatch is usual there, so it is noted, not warned about.
  await startAt(page, app, `127.0.0.1:${wrongName.port}`);
  await next(page);
  await expect(page.getByTestId('finding-cert-name-mismatch')).toHaveCount(0);
  await expect(page.getByTestId('check-row-tls')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('check-row-tls')).toContainText('as usual when connecting by IP address');
});

test('a weak certificate: weak key and weak signature, each with its fix', async ({ page }) => {
  await startAt(page, app, `127.0.0.1:${weak.port}`);
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'warn');
  await expect(page.getByTestId('finding-cert-weak-key')).toHaveAttribute('data-severity', 'warning');
  await expect(page.getByTestId('finding-cert-weak-signature')).toHaveAttribute('data-severity', 'warning');
  // Plain words: weak, in one line (key and signature names are IT detail).
  await expect(page.getByTestId('certificate-card').getByText('Weak')).toHaveCount(1);
  await page.getByTestId('audience-toggle').click();
  await expect(page.getByTestId('certificate-card').getByText('Weak')).toHaveCount(2);
  await expect(page.getByTestId('finding-cert-weak-key').getByTestId('fix-card-regenerate-self-signed-cert')).toHaveCount(1);
  await shot(page, 'certificate-weak');
  await page.getByTestId('audience-toggle').click();
});
