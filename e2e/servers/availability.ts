import { accessSync, constants as fsConstants } from 'node:fs';
import { firewallUnavailableReason } from './firewall';
import { netnsUnavailableReason } from './netns';
import { findExecutable } from './process';

/** true when usable, otherwise the reason (a sentence for a skip message). */
export type Available = true | string;

export interface Availability {
  /** xrdp binary (and /etc/xrdp/rsakeys.ini, which xrdp reads from a fixed path for RDP security). */
  xrdp: Available;
  /** freerdp-shadow-cli and Xvfb. */
  shadow: Available;
  /** openssl, needed for every certificate (xrdp, shadow, and TLS faults). */
  openssl: Available;
  /** iptables and root, for filteredPort(). */
  firewall: Available;
  /** Root, iproute2 and permission to create network namespaces, for startNetns(). */
  netns: Available;
  /** In-process fault servers: always available (TLS faults need openssl too). */
  faults: true;
}

function readable(path: string): boolean {
  try {
    accessSync(path, fsConstants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** What the harness can start on this machine; reasons instead of false so skips can say why. */
export function serversAvailable(): Availability {
  const openssl: Available = findExecutable('openssl') ? true : 'openssl is not installed';
  let xrdp: Available = true;
  if (process.platform !== 'linux') xrdp = `xrdp runs on Linux only (platform ${process.platform})`;
  else if (!findExecutable('xrdp')) xrdp = 'xrdp is not installed (apt-get install xrdp)';
  else if (!readable('/etc/xrdp/rsakeys.ini')) xrdp = '/etc/xrdp/rsakeys.ini is missing or unreadable (xrdp needs it for RDP security)';
  else if (openssl !== true) xrdp = openssl;

  let shadow: Available = true;
  if (process.platform !== 'linux') shadow = `freerdp-shadow-cli runs on Linux only here (platform ${process.platform})`;
  else if (!findExecutable('freerdp-shadow-cli')) shadow = 'freerdp-shadow-cli is not installed (apt-get install freerdp2-shadow-x11)';
  else if (!findExecutable('Xvfb')) shadow = 'Xvfb is not installed (apt-get install xvfb)';
  else if (openssl !== true) shadow = openssl;

  return { xrdp, shadow, openssl, firewall: firewallUnavailableReason() ?? true, netns: netnsUnavailableReason() ?? true, faults: true };
}
