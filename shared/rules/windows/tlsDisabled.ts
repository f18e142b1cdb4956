/** TLS switched off for the server side in Schannel's registry (with the 36871 events it causes). */
import { eventsDataSchema } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { SCHANNEL_PATH, schannelDataSchema } from '../../checks/windows/schannel';
import { enableTls12, evidence } from '../../catalog';
import { usable } from '../read';
import type { Rule } from '../types';
import { eventGroupText } from './eventText';
import { eachResult, windowsFindingDefinition } from './finding';

export const tlsDisabledOnServer = windowsFindingDefinition('tls-disabled-on-server', 'error', 'certificate');

export const tlsDisabledRule: Rule = eachResult(WINDOWS_CHECK_IDS.schannelServer, schannelDataSchema, ({ data, input, ctx, ev, found }) => {
  const tlsEvents = usable(input.checks, WINDOWS_CHECK_IDS.events, eventsDataSchema)
    .flatMap((r) => r.data.groups)
    .filter((g) => g.id === 36871 && g.count > 0);
  if (data.side !== 'Server' || data.modernTlsUsable) return null;
  return found(tlsDisabledOnServer, {
    vars: {
      path: data.registryPath || SCHANNEL_PATH,
      switches: data.protocols.map((p) => `${p.protocol}: Enabled=${p.enabled ?? 'not set'}, DisabledByDefault=${p.disabledByDefault ?? 'not set'} (${p.effective})`).join('; '),
      events: tlsEvents.length > 0 ? `${tlsEvents.map(eventGroupText).join('; ')}. ` : '',
      fips: String(data.fipsPolicy ?? 'not set'),
    },
    evidence: [
      ...data.protocols.filter((p) => p.protocol.startsWith('TLS')).map((p) => ev(`${p.protocol} (server)`, `Enabled=${p.enabled ?? 'not set'}, DisabledByDefault=${p.disabledByDefault ?? 'not set'}: ${p.effective}`)),
      ...tlsEvents.map((g) => evidence(`Event ${g.id}`, eventGroupText(g), WINDOWS_CHECK_IDS.events)),
    ],
    fixes: [enableTls12(ctx)],
  });
});
