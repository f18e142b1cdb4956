/** What the service tells the renderer about the machine it runs on. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Environment } from '../../shared/model';

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

export function platformName(p: NodeJS.Platform = process.platform): Environment['platform'] {
  return p === 'win32' || p === 'darwin' || p === 'linux' ? p : 'other';
}

export function describeEnvironment(appVersion: string, transport: Environment['transport'], canSaveFiles: boolean): Environment {
  const platform = platformName();
  const versions = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return {
    platform,
    osRelease: os.release().slice(0, 100),
    arch: process.arch,
    elevated: isElevated(),
    appVersion,
    runtime: {
      node: process.versions.node,
      ...(versions.electron ? { electron: versions.electron } : {}),
      ...(versions.chrome ? { chrome: versions.chrome } : {}),
    },
    transport,
    windowsChecks:
      platform === 'win32'
        ? { available: true }
        : { available: false, reason: 'Not applicable on this system: the Windows checks read Windows settings and run on Windows only.' },
    canSaveFiles,
    canLaunchRemoteDesktop: platform === 'win32',
    hostName: os.hostname().slice(0, 256),
  };
}
