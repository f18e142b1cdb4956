/**
 * Connection floods (11.14): event 1006 (RemoteConnectionManager, "received a large number of
 * incomplete connections. The system may be under attack") and 1012 (a client exceeded the allowed
 * failed logon attempts). While a flood lasts, Remote Desktop refuses or drops real connections too.
 */
import { eventsDataSchema } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { eventGroupText } from './eventText';
import { restrictRdpExposure } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const rdpConnectionFlood = windowsFindingDefinition('rdp-connection-flood', 'warning', 'reachability');

export const connectionFloodRule: Rule = eachResult(WINDOWS_CHECK_IDS.events, eventsDataSchema, ({ data, ctx, ev, found }) => {
  const flood = data.groups.filter((g) => g.id === 1006 && g.count > 0);
  if (flood.length === 0) return null;
  const logons = data.groups.filter((g) => g.id === 1012 && g.count > 0);
  const all = [...flood, ...logons];
  return found(rdpConnectionFlood, {
    vars: { days: data.days, logons: logons.length > 0 ? ' and clients that kept failing to sign in' : '', events: all.map(eventGroupText).join('; ') },
    evidence: all.map((g) => ev(`Event ${g.id}`, eventGroupText(g))),
    fixes: [restrictRdpExposure(ctx)],
  });
});
