/**
 * The Electron security checklist as small, testable pieces: which senders and URLs are ours, and
 * the guards installed on every web contents (the window's web preferences are in mainWindow.ts, at
 * the BrowserWindow call). They take the pieces of Electron they need as parameters, so unit tests
 * run them against a hand-written fake.
 */
import { DOCUMENTATION_LINKS, isDocumentationLink } from '../../shared/docLinks';

export const APP_SCHEME = 'app';
export const APP_HOST = 'rdp-doctor';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** A URL that belongs to the app itself. */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The minimum of an IPC event the sender check reads. */
export interface IpcSenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * An IPC message is trusted only when it comes from the top frame of one of our own windows,
 * showing our own origin.
 */
export function isTrustedSender(event: IpcSenderInfo, ourWebContentsIds: ReadonlySet<number>): boolean {
  if (!ourWebContentsIds.has(event.sender.id)) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export interface GuardableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url?: string }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Deny every navigation away from the app, every new window and every webview. A new window for one
 * of the app's documentation links (shared/docLinks) goes to the system browser instead; nothing else does.
 */
export function guardContents(contents: GuardableContents, onExternalLink?: (url: string) => void, links: readonly string[] = DOCUMENTATION_LINKS): void {
  const block = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (onExternalLink && isDocumentationLink(url, links)) onExternalLink(url);
    return { action: 'deny' };
  });
}

export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler?(handler: () => boolean): void;
}

/** Deny every permission request (camera, notifications, clipboard-read, ...). */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}

/** Map an app:// URL to a file inside the renderer folder; null for anything outside it. */
export function resolveAppFile(rawUrl: string, root: string, join: (...parts: string[]) => string, sep: string): string | null {
  if (!isAppUrl(rawUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const segments = relative.split(/[\\/]+/);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const file = join(root, ...segments);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}
