import { cleanupStaleFirewallRules } from './firewall';
import { cleanupStaleNamespaces } from './netns';
import { cleanupStaleTempDirs } from './tempdir';

/**
 * Removes what harness processes that died by SIGKILL left behind: their temp directories,
 * iptables rules and network namespaces (all carry the dead process's PID). Child servers themselves
 * die with their parent (setpriv --pdeathsig). Call it from a Playwright globalSetup or before a test run.
 */
export async function cleanupLeftovers(): Promise<{ tempDirs: number; firewallRules: number; namespaces: number }> {
  const [tempDirs, firewallRules, namespaces] = await Promise.all([cleanupStaleTempDirs(), cleanupStaleFirewallRules(), cleanupStaleNamespaces()]);
  return { tempDirs, firewallRules, namespaces };
}
