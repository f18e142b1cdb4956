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
import { eachResult, windowsFindingDefinition } from './finding';

export const tlsNoCommonCipher = windowsFindingDefinition('tls-no-common-cipher', 'error', 'certificate');

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
