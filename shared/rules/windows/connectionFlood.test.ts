import { describe, expect, it } from 'vitest';
import type { EventGroup } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { runRules } from '../index';
import { check, ruleInput } from '../testing/netFixtures';

const group = (id: number, count: number): EventGroup => ({ provider: id > 30000 ? 'Schannel' : 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', id, count, latestTime: '2024-11-08T09:00:00.000Z', latestMessage: null, alertCodes: [], capped: false });
const events = (groups: EventGroup[]) => check(WINDOWS_CHECK_IDS.events, 'certificate', 'warn', { days: 7, since: null, groups, totalEvents: groups.reduce((n, g) => n + g.count, 0), problems: [] });
const found = (groups: EventGroup[]) => runRules(ruleInput([events(groups)], undefined, { platform: 'win32', targetIsLocal: true }));

describe('rdp-connection-flood (11.14: events 1006/1012) and 36872', () => {
  it('1006 gives the flood finding, with 1012 in its words and evidence', () => {
    const f = found([group(1006, 3), group(1012, 40)]).find((x) => x.id === 'rdp-connection-flood')!;
    expect(f.plain).toContain('and clients that kept failing to sign in');
    expect(f.evidence.map((e) => e.label)).toEqual(['Event 1006', 'Event 1012']);
    expect(f.fixes.map((x) => x.id)).toEqual(['restrict-rdp-exposure']);
  });

  it('1012 alone (a user mistyping a password) is no flood', () => {
    expect(found([group(1012, 2)]).map((f) => f.id)).not.toContain('rdp-connection-flood');
  });

  it('36872 (no suitable default server credential) counts among the certificate key errors', () => {
    expect(found([group(36872, 5)]).map((f) => f.id)).toContain('schannel-key-errors');
  });
});
