import { cleanupStaleFirewallRules } from './firewall';
import { cleanupStaleTempDirs } from './tempdir';

/**
 * Removes what harness processes that died by SIGKILL left behind: their temp directories and
 * iptables rules (both carry the dead process's PID). Child servers themselves die with their parent
 * (setpriv --pdeathsig). Call it from a Playwright globalSetup or before a test run.
 */
export async function cleanupLeftovers(): Promise<{ tempDirs: number; firewallRules: number }> {
  const [tempDirs, firewallRules] = await Promise.all([cleanupStaleTempDirs(), cleanupStaleFirewallRules()]);
  return { tempDirs, firewallRules };
}
