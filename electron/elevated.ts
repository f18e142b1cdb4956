/**
 * Whether this process runs elevated: read by the service (environment) and the fixes, so it lives
 * below both (electron/fixes/ may not import electron/service/).
 */
import { spawnSync } from 'node:child_process';

let elevatedCache: boolean | undefined;

/** Administrator on Windows (`net session` succeeds only elevated), root elsewhere. */
export function isElevated(): boolean {
  if (elevatedCache !== undefined) return elevatedCache;
  if (process.platform === 'win32') {
    const result = spawnSync('net', ['session'], { stdio: 'ignore', timeout: 5000, windowsHide: true, shell: false });
    elevatedCache = result.status === 0;
  } else {
    elevatedCache = typeof process.getuid === 'function' && process.getuid() === 0;
  }
  return elevatedCache;
}
