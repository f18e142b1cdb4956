/** How statuses, verdicts and severities look: tone (colour), icon, words. */
import { NOT_WINDOWS_REASON } from '../../shared/checks/windows/ids';
import type { CheckResult, CheckStatus, Severity, StepVerdict, Verdict } from '../../shared/model';
import { NOTHING_TO_CHECK_LABEL, nothingToCheck, SEVERITY_LABEL } from '../../shared/report/view';
import type { IconName } from '../components/Icon';

export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'neutral' | 'accent';

export interface Look {
  tone: Tone;
  icon: IconName;
  label: string;
}

export const CHECK_STATUS_LOOK: Record<CheckStatus, Look> = {
  pass: { tone: 'success', icon: 'check-circle', label: 'Passed' },
  warn: { tone: 'warning', icon: 'alert', label: 'Warning' },
  fail: { tone: 'danger', icon: 'x-circle', label: 'Problem' },
  skipped: { tone: 'neutral', icon: 'skip', label: 'Not checked' },
  error: { tone: 'danger', icon: 'alert', label: 'Check failed' },
};

const VERDICT_LOOK: Record<Verdict, Look> = {
  pass: { tone: 'success', icon: 'check-circle', label: 'Passed' },
  warn: { tone: 'warning', icon: 'alert', label: 'Passed with warnings' },
  fail: { tone: 'danger', icon: 'x-circle', label: 'Problem found' },
  'not-checked': { tone: 'neutral', icon: 'skip', label: 'Could not be checked' },
  cancelled: { tone: 'neutral', icon: 'stop', label: 'Cancelled' },
};

/** A step with no check at all for this target (an IP address in "IP instead of host name"). */
const NOTHING_TO_CHECK_LOOK: Look = { tone: 'neutral', icon: 'info', label: NOTHING_TO_CHECK_LABEL };

/**
 * How a step verdict looks, wherever one is shown (banner, step list, summary): "Could not be
 * checked" only when something was left unchecked, "Nothing to check" when the engine found nothing
 * to check for this target.
 */
export function verdictLook(v: Pick<StepVerdict, 'verdict' | 'nothingToCheck'>): Look {
  return nothingToCheck(v) ? NOTHING_TO_CHECK_LOOK : VERDICT_LOOK[v.verdict];
}

/** Labels as in the reports (shared/report/view), so the app and a shared report use the same words. */
export const SEVERITY_LOOK: Record<Severity, Look> = {
  error: { tone: 'danger', icon: 'x-circle', label: SEVERITY_LABEL.error },
  warning: { tone: 'warning', icon: 'alert', label: SEVERITY_LABEL.warning },
  info: { tone: 'info', icon: 'info', label: SEVERITY_LABEL.info },
};

/** Human names for the network checks; other ids (Windows checks) fall back to the run's labels. */
const CHECK_NAMES: Record<string, string> = {
  dns: 'Name resolution',
  tcp: 'TCP connection',
  'rdp-listener': 'Remote Desktop listener',
  'security-layers': 'Security layers',
  tls: 'TLS handshake and certificate',
  credssp: 'CredSSP / NTLM information',
  addressing: 'Each address separately',
  stability: 'Repeated handshakes',
  // udp: named with the port it tried (checkLabel), not a fixed 3389
  // Windows checks (shared/checks/windows.ts WINDOWS_CHECK_IDS)
  'win-client-firewall': 'Firewall rules for Remote Desktop Connection',
  'win-security-suites': 'Security software',
  'win-credssp-policy': 'CredSSP policy on this computer',
  'win-schannel-client': 'TLS settings on this computer',
  'win-vpn': 'VPN connections',
  'win-nic-power': 'Network adapter power saving',
  'win-accepted-cert': 'Certificate accepted before',
  'win-rdp-listener': 'Remote Desktop listener settings',
  'win-cert-store': 'Remote Desktop certificate store',
  'win-key-file': 'Certificate key file permissions',
  'win-rdp-services': 'Remote Desktop services',
  'win-rdp-port-owner': 'What listens on the Remote Desktop port',
  'win-server-firewall': 'Firewall rules on the server',
  'win-schannel-server': 'TLS settings on the server',
  'win-rdp-events': 'Remote Desktop and Schannel events',
};

/** A check's name: ours for known ids, else the label the service gave it, else its id in words. */
export function checkName(id: string, labels?: Record<string, string>): string {
  const known = CHECK_NAMES[id];
  if (known) return known;
  const label = labels?.[id];
  if (label) return label;
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A check result's name; the UDP check says the port it tried ("UDP 33891"). */
export function checkLabel(result: Pick<CheckResult, 'id' | 'data'>, labels?: Record<string, string>): string {
  if (result.id === 'udp') {
    const port = (result.data as { port?: unknown } | undefined)?.port;
    return typeof port === 'number' ? `UDP ${port}` : 'UDP, same port';
  }
  return checkName(result.id, labels);
}

/** A Windows check that does not apply on this computer (it runs on Windows only). */
export function notApplicableHere(result: CheckResult): boolean {
  return result.reason === NOT_WINDOWS_REASON;
}
