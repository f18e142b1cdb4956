/**
 * Connection floods (11.14): event 1006 (RemoteConnectionManager, "received a large number of
 * incomplete connections. The system may be under attack") and 1012 (a client exceeded the allowed
 * failed logon attempts). While a flood lasts, Remote Desktop refuses or drops real connections too.
 */
import { eventsDataSchema } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { evidence, fix, type FixContext } from '../../catalog';
import type { FixSuggestion } from '../../model';
import { eventGroupText } from './eventText';
import { fixContext } from '../read';
import type { Rule } from '../types';
import { eachResult, windowsFinding, type WindowsFindingDefinition } from './finding';

export const rdpConnectionFlood: WindowsFindingDefinition = {
  id: 'rdp-connection-flood',
  severity: 'warning',
  step: 'reachability',
  title: 'Remote Desktop on this computer is flooded with connection attempts',
  plain: 'In the last {days} days Windows recorded floods of unfinished Remote Desktop connections{logons} on this computer. This usually means the Remote Desktop port can be reached from the internet and is being scanned or attacked; while it happens, real connections can be refused. IT should stop exposing Remote Desktop directly.',
  detail: 'System log, Microsoft-Windows-TerminalServices-RemoteConnectionManager: {events}. 1006 = EVENT_TOO_MANY_CONNECTIONS (large number of incomplete connections); 1012 = EVENT_EXCEEDED_MAX_LOGON_ATTEMPTS (a client exceeded the failed logon attempts; the session was terminated). Put Remote Desktop behind a VPN or RD Gateway, restrict the firewall rule\'s remote addresses, keep NLA required, and enable account lockout.',
  forIt: 'the computer you connect to logs floods of Remote Desktop connection attempts (events 1006/1012)',
};

function restrictExposure(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'restrict-rdp-exposure',
    title: 'Stop exposing Remote Desktop to the internet',
    plain: 'Ask IT to make Remote Desktop reachable only through the company VPN or a Remote Desktop Gateway, and to limit the firewall rule to known addresses.',
    where: 'network',
    invasiveness: 'medium',
    risk: 'People who connect from outside need the VPN or gateway afterwards. Nothing changes for connections inside the company network.',
    steps: ['Export the report and send it to IT.', 'IT removes the port forwarding of the Remote Desktop port on the router/firewall, or limits it to known addresses, and checks that NLA stays required.'],
    commands: [],
  });
}

export const connectionFloodRule: Rule = eachResult(WINDOWS_CHECK_IDS.events, eventsDataSchema, ({ check, data }, input) => {
  const flood = data.groups.filter((g) => g.id === 1006 && g.count > 0);
  if (flood.length === 0) return null;
  const logons = data.groups.filter((g) => g.id === 1012 && g.count > 0);
  const ctx = fixContext(input);
  const all = [...flood, ...logons];
  return windowsFinding(input, rdpConnectionFlood, {
    ctx,
    vars: { days: data.days, logons: logons.length > 0 ? ' and clients that kept failing to sign in' : '', events: all.map(eventGroupText).join('; ') },
    evidence: all.map((g) => evidence(`Event ${g.id}`, eventGroupText(g), check.id)),
    fixes: [restrictExposure(ctx)],
  });
});
