import { describe, expect, it } from 'vitest';
import type { EventGroup } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { itTermsIn } from '../../catalog';
import { check } from '../testing/netFixtures';
import { evidenceText, ids, one, run } from '../testing/findings';

const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager';
const ID = 'rdp-certificate-template-events';
const at = (id: number, count: number, latestMessage: string | null = null): EventGroup => ({ provider: RCM, id, count, latestTime: '2024-11-08T09:00:00.000Z', latestMessage, alertCodes: [], capped: false });
const found = (...groups: EventGroup[]) => run([check(WINDOWS_CHECK_IDS.events, 'certificate', 'warn', { days: 7, since: null, groups, totalEvents: 0, problems: [] })], undefined, { platform: 'win32', targetIsLocal: true });

describe('rdp-certificate-template-events (11.14: events 1061-1065)', () => {
  it('1065 (expired, not replaced) is an error: plain words without event jargon, IT detail with id, symbolic name, provider, time, count and message', () => {
    const f = one(found(at(1065, 3, 'Das vorlagenbasierte Zertifikat ist abgelaufen.\r\n Fehler: Zugriff verweigert.')), ID);
    expect(f.severity).toBe('error');
    expect(f.step).toBe('certificate');
    expect(f.plain).toContain('has expired and could not be replaced');
    expect(f.plain).not.toMatch(/EVENT_|106\d/);
    expect(itTermsIn(`${f.title} ${f.plain}`)).toEqual([]);
    expect(f.detail).toContain('3 × event 1065 (Microsoft-Windows-TerminalServices-RemoteConnectionManager), latest 2024-11-08T09:00:00.000Z: "Das vorlagenbasierte Zertifikat ist abgelaufen. Fehler: Zugriff verweigert."');
    expect(f.detail).toContain('EVENT_TS_SSL_TEMPLATE_CERT_REPLACE_FAILED');
    expect(f.forIt).toContain('(1065)');
    expect(evidenceText(f)).toContain('Event 1065: 3 × event 1065');
    // Least invasive first: correct the template (low), renew the certificate (medium), reading the log last.
    expect(f.fixes.map((x) => x.id)).toEqual(['review-certificate-template', 'renew-certificate', 'check-server-events']);
    expect(f.fixes[0]!.commands[0]!.text).toContain("'1.3.6.1.4.1.311.21.7'");
  });

  it('1062 and 1064 are warnings that name their causes; without 1065 there is no renewal', () => {
    const f = one(found(at(1062, 1), at(1064, 2)), ID);
    expect(f.severity).toBe('warning');
    expect(f.plain).toContain('carries a wrong name, so Windows uses its own certificate instead and you may be asked whether to trust this computer; and a new Remote Desktop certificate from your organisation could not be installed.');
    expect(f.detail).toMatch(/EVENT_TS_SSL_WRONG_SUBJECT_NAME.*EVENT_TS_SSL_TEMPLATE_CERT_CREATE_FAILED/);
    expect(f.fixes.map((x) => x.id)).toEqual(['review-certificate-template', 'check-server-events']);
  });

  it('1063 (a new certificate installed) is normal once; more than once a day is the re-enrolment loop of KB 2531138 (info)', () => {
    expect(ids(found(at(1063, 7)))).not.toContain(ID);
    const f = one(found(at(1063, 14)), ID);
    expect(f.severity).toBe('info');
    expect(f.plain).toContain('given a new certificate from your organisation 14 times');
    expect(f.detail).toContain('KB 2531138');
  });

  it("1061 is not interpreted: its own message is quoted, the words say RDP Doctor cannot explain it, and no template fix is offered", () => {
    const f = one(found(at(1061, 1, 'Whatever Windows wrote.')), ID);
    expect(f.severity).toBe('info');
    expect(f.plain).toContain('a Remote Desktop entry that RDP Doctor cannot explain');
    expect(f.plain).not.toMatch(/106\d/);
    expect(f.detail).toContain(': "Whatever Windows wrote."');
    expect(f.detail).toContain('1061: no Microsoft description found');
    expect(f.fixes.map((x) => x.id)).toEqual(['check-server-events']);
  });

  it('none of 1061-1065 (other events only, or zero counts): no finding', () => {
    expect(ids(found(at(1058, 2), at(1065, 0)))).not.toContain(ID);
  });

  it('a message that could not be rendered says so, and a capped count says there may be more', () => {
    const f = one(found({ ...at(1064, 500), capped: true }), ID);
    expect(f.detail).toContain('500+ × event 1064 (Microsoft-Windows-TerminalServices-RemoteConnectionManager), latest 2024-11-08T09:00:00.000Z, no message text');
  });
});
