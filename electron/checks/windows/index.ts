/**
 * The Windows checks, in the order the wizard shows them within each step.
 * Client side: outbound firewall, security suites (reachability); accepted certificate
 * (certificate); CredSSP policy, Schannel client (security); VPN, NIC power (stability).
 * Server side (only when the target is this computer): services, what listens on the port, inbound firewall (reachability);
 * certificate store, key file, Schannel server + FIPS, events (certificate); listener (security).
 */
import type { CheckDefinition } from '../../engine/types';
import { defaultDeps, defineWindowsCheck, type AnyWindowsCheckSpec, type WindowsCheckDeps } from './check';
import { acceptedCertificateCheck, clientFirewallCheck, credsspPolicyCheck, nicPowerCheck, schannelClientCheck, securitySuitesCheck, vpnCheck } from './clientChecks';
import { certStoreCheck, eventsCheck, keyFileCheck, rdpListenerCheck, schannelServerCheck, serverFirewallCheck, servicesCheck } from './serverChecks';
import { portOwnerCheck } from './portOwnerCheck';

export const WINDOWS_CHECK_SPECS: readonly AnyWindowsCheckSpec[] = [
  clientFirewallCheck,
  securitySuitesCheck,
  servicesCheck,
  portOwnerCheck,
  serverFirewallCheck,
  acceptedCertificateCheck,
  certStoreCheck,
  keyFileCheck,
  schannelServerCheck,
  eventsCheck,
  credsspPolicyCheck,
  schannelClientCheck,
  rdpListenerCheck,
  vpnCheck,
  nicPowerCheck,
] as unknown as readonly AnyWindowsCheckSpec[];

export function createWindowsChecks(deps: Partial<WindowsCheckDeps> = {}): CheckDefinition[] {
  const full: WindowsCheckDeps = { ...defaultDeps(), ...deps };
  return WINDOWS_CHECK_SPECS.map((spec) => defineWindowsCheck(spec, full));
}

/** What the service registers: every Windows check, with the real PowerShell runner. */
export const windowsChecks: CheckDefinition[] = createWindowsChecks();

export { isLocalTarget } from './localTarget';
export { runWindowsCheck, type WindowsCheckDeps } from './check';
export * from './clientChecks';
export * from './serverChecks';
export * from './portOwnerCheck';
