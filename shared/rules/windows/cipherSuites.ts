/**
 * No cipher suite in common (11.14): Schannel event 36874 ("a TLS connection request was received
 * from a remote client application, but none of the cipher suites supported by the client
 * application are supported by the server"). Often a Group Policy cipher-suite order that left out
 * what the clients offer; the IT detail shows that policy when it is set.
 */
import { eventsDataSchema } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { schannelDataSchema } from '../../checks/windows/schannel';
import { evidence } from '../../catalog';
import { usable } from '../read';
import { reviewCipherSuitePolicy } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, type WindowsFindingDefinition } from './finding';

export const tlsNoCommonCipher: WindowsFindingDefinition = {
  id: 'tls-no-common-cipher',
  severity: 'error',
  step: 'certificate',
  title: 'This computer refused secure connections: no encryption method in common',
  plain: 'In the last {days} days Windows refused {count} secure connections because the connecting computer offered no encryption method (cipher suite) this computer allows. {cause}',
  detail: 'System log, Schannel 36874 × {count} (latest {latest}). Cipher-suite policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002\\Functions, Group Policy "SSL Cipher Suite Order"): {policy}. Compare with what the clients offer; Get-TlsCipherSuite lists the suites in force.',
  forIt: 'the computer you connect to refuses TLS connections with no cipher suite in common (Schannel 36874)',
};

export const cipherSuitesRule: Rule = eachResult(WINDOWS_CHECK_IDS.events, eventsDataSchema, ({ data, input, ctx, ev, found }) => {
  const policy = usable(input.checks, WINDOWS_CHECK_IDS.schannelServer, schannelDataSchema).find((r) => r.data.side === 'Server')?.data.cipherSuitePolicy ?? null;
  const g = data.groups.find((x) => x.id === 36874 && x.count > 0);
  if (!g) return null;
  const policySet = policy !== null && policy.length > 0;
  return found(tlsNoCommonCipher, {
    vars: {
      days: data.days,
      count: g.count,
      latest: g.latestTime ?? 'unknown',
      policy: policySet ? policy.join(', ') : 'not set (Windows defaults)',
      cause: policySet ? 'A company policy limits those methods on this computer; IT can widen it.' : 'The connecting computer may be too old, or a security tool changed the allowed methods.',
    },
    evidence: [ev('Event 36874', `${g.count} × since ${data.since ?? 'the last ' + data.days + ' days'}`), ...(policySet ? [evidence('Cipher-suite policy', policy.join(', '))] : [])],
    fixes: [reviewCipherSuitePolicy(ctx, policySet)],
  });
});
