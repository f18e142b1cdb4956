/** What the service tells the renderer about the machine it runs on. */
import os from 'node:os';
import type { Environment } from '../../shared/model';
import { isElevated } from '../elevated';

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
