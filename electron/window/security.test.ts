import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import {
  APP_ENTRY_URL,
  denyPermissions,
  guardContents,
  isAppUrl,
  isTrustedSender,
  resolveAppFile,
  type GuardableContents,
  type PermissionSession,
} from './security';

/** A hand-written fake of the bits of Electron's WebContents the guards use. */
class FakeContents implements GuardableContents {
  listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  on(event: string, listener: (event: { preventDefault(): void }, url: string) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  fire(event: string, url = ''): boolean {
    let prevented = false;
    this.listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('window security', () => {
  it('has a strict CSP: nothing remote, no inline script, no eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('recognises only its own origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    for (const url of ['https://rdp-doctor/index.html', 'app://evil/index.html', 'app://user:pw@rdp-doctor/', 'file:///etc/passwd', 'not a url', '', null]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('trusts IPC only from the top frame of its own windows', () => {
    const ours = new Set([7]);
    const top = { url: APP_ENTRY_URL, parent: null };
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: top }, ours)).toBe(true);
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: top }, ours)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } }, ours)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: APP_ENTRY_URL, parent: {} } }, ours)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, ours)).toBe(false);
  });

  it('denies navigation away, new windows and webviews', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardContents(contents, (url) => opened.push(url));
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(contents.fire('will-navigate', 'app://rdp-doctor/index.html')).toBe(false);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://learn.microsoft.com/x' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    // Not one of the app's documentation links: not opened in the browser either.
    expect(opened).toEqual([]);
  });

  it('opens in the system browser only the documentation links the app shows', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    const shown = ['https://docs.example.test/rdp/0x904'];
    guardContents(contents, (url) => opened.push(url), shown);
    for (const url of ['https://docs.example.test/rdp/0x904', 'https://evil.example/', 'https://docs.example.test/rdp/other', 'https://x@docs.example.test/rdp/0x904']) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://docs.example.test/rdp/0x904']);
  });

  it('denies every permission request', () => {
    const granted: boolean[] = [];
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | undefined;
    denyPermissions({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
    });
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation']) request?.(null, p, (g) => granted.push(g));
    expect(granted).toEqual([false, false, false, false]);
    expect(check?.(null, 'media')).toBe(false);
  });

  it('serves only files inside the renderer folder', () => {
    const root = path.join(path.sep, 'app', 'renderer');
    expect(resolveAppFile('app://rdp-doctor/', root, path.join, path.sep)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://rdp-doctor/assets/x.js', root, path.join, path.sep)).toBe(path.join(root, 'assets', 'x.js'));
    // The URL parser folds %2e%2e away: what is left must still lie inside the folder.
    expect(resolveAppFile('app://rdp-doctor/%2e%2e/%2e%2e/etc/passwd', root, path.join, path.sep)).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppFile('app://rdp-doctor/..%5c..%5csecret', root, path.join, path.sep)).toBeNull();
    expect(resolveAppFile('app://other/index.html', root, path.join, path.sep)).toBeNull();
    expect(resolveAppFile('app://rdp-doctor/a%00b', root, path.join, path.sep)).toBeNull();
  });
});
