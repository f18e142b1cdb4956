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
import { eachResult, type WindowsFindingDefinition } from './finding';

export const rdpConnectionFlood: WindowsFindingDefinition = {
  id: 'rdp-connection-flood',
  severity: 'warning',
  step: 'reachability',
  title: 'Remote Desktop on this computer is flooded with connection attempts',
  plain: 'In the last {days} days Windows recorded floods of unfinished Remote Desktop connections{logons} on this computer. This usually means the Remote Desktop port can be reached from the internet and is being scanned or attacked; while it happens, real connections can be refused. IT should stop exposing Remote Desktop directly.',
  detail: 'System log, Microsoft-Windows-TerminalServices-RemoteConnectionManager: {events}. 1006 = EVENT_TOO_MANY_CONNECTIONS (large number of incomplete connections); 1012 = EVENT_EXCEEDED_MAX_LOGON_ATTEMPTS (a client exceeded the failed logon attempts; the session was terminated). Put Remote Desktop behind a VPN or RD Gateway, restrict the firewall rule\'s remote addresses, keep NLA required, and enable account lockout.',
  forIt: 'the computer you connect to logs floods of Remote Desktop connection attempts (events 1006/1012)',
};

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
