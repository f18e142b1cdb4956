import { describe, expect, it } from 'vitest';
import { readFixScript } from '../../shared/catalog';
import { enableFirewallRulesFix } from './firewallFix';
import { fixture, scripted, useFixTestDataDir } from './testing/scripted';

const { env, applyCtx } = useFixTestDataDir('rdpdoctor-firewallfix-');

describe('enable-firewall-rules', () => {
  it('describe: enables the built-in rules for the closed profile in use, with before-values', async () => {
    const d = await enableFirewallRulesFix.describe({}, env(scripted({ 'server-firewall': fixture('server-firewall.closed-german.json') })));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]).toMatchObject({ location: 'Windows Firewall inbound rule RemoteDesktop-UserMode-In-TCP', after: 'enabled' });
    expect(d.changes[0]!.before).toContain('disabled (profiles Domain');
    // the built-in rules only cover Domain: Private needs our own rule
    expect(d.changes.filter((c) => c.location?.startsWith('Windows Firewall inbound rule RDPDoctor-'))).toHaveLength(2);
    expect(d.changes[2]!.description).toContain('Private');
  });

  it('describe: a moved port gets port rules; already open → not applicable', async () => {
    const moved = await enableFirewallRulesFix.describe({}, env(scripted({ 'server-firewall': fixture('server-firewall.port-moved.json') })));
    expect(moved.changes.map((c) => c.location)).toEqual(['Windows Firewall inbound rule RDPDoctor-RemoteDesktop-In-TCP-3390', 'Windows Firewall inbound rule RDPDoctor-RemoteDesktop-In-UDP-3390']);
    // By hand: the same script, which reads the port itself (it adds the 3390 rules), for the same profiles.
    expect(readFixScript(moved.commands[0]!.text)?.scriptId).toBe('fix-firewall-apply');
    const open = await enableFirewallRulesFix.describe({}, env(scripted({ 'server-firewall': fixture('server-firewall.open.json') })));
    expect(open.applicable).toBe(false);
  });

  it('apply passes only the undo id and profiles; undo passes the recorded states back', async () => {
    const elevated = scripted({ 'fix-firewall-apply': fixture('fix-firewall-apply.json'), 'fix-firewall-undo': fixture('fix-firewall-undo.json') });
    const out = await enableFirewallRulesFix.apply({ profiles: 'Private' }, applyCtx(elevated, scripted({ 'server-firewall': fixture('server-firewall.closed-german.json') })));
    expect(elevated.calls[0]).toMatchObject({ scriptId: 'fix-firewall-apply', input: { undoId: 'c0ffee00-1234-4abc-9def-001122334455', profiles: ['Private'] } });
    expect(out.message).toContain('enabled RemoteDesktop-UserMode-In-TCP');
    const undo = await enableFirewallRulesFix.undo(JSON.parse(JSON.stringify(out.undo)), applyCtx(elevated));
    expect(elevated.calls[1]).toMatchObject({ scriptId: 'fix-firewall-undo', input: { before: [{ name: 'RemoteDesktop-UserMode-In-TCP', enabled: 'False' }, { name: 'RemoteDesktop-UserMode-In-UDP', enabled: 'False' }], created: [] } });
    expect(undo.message).toContain('RemoteDesktop-UserMode-In-TCP');
  });

  it('reads a single-string profile list of the port variant', async () => {
    const elevated = scripted({ 'fix-firewall-apply': fixture('fix-firewall-apply.port.json') });
    const out = await enableFirewallRulesFix.apply({}, applyCtx(elevated, scripted({ 'server-firewall': fixture('server-firewall.port-moved.json') })));
    expect(out.undo.profiles).toEqual(['Public']);
    expect(out.undo.created).toHaveLength(2);
  });

  it('verify checks again: the profile in use must be open', async () => {
    const v = await enableFirewallRulesFix.verify({}, { signal: new AbortController().signal, run: scripted({ 'server-firewall': fixture('server-firewall.open.json') }), platform: 'win32' });
    expect(v.passed).toBe(true);
    expect(v.checks[0]!.id).toBe('win-server-firewall');
    const still = await enableFirewallRulesFix.verify({}, { signal: new AbortController().signal, run: scripted({ 'server-firewall': fixture('server-firewall.closed-german.json') }), platform: 'win32' });
    expect(still.passed).toBe(false);
    expect(still.notVerified).toBeUndefined();
  });

  it('verify: firewall rules that cannot be read again leave the change not verified, not "still a problem"', async () => {
    const v = await enableFirewallRulesFix.verify({}, { signal: new AbortController().signal, run: scripted({ 'server-firewall': { exitCode: 1, stderr: 'Access is denied.' } }), platform: 'win32' });
    expect(v.passed).toBe(false);
    expect(v.notVerified).toMatch(/could not read the state again after the change/);
  });

  it('rejects profile names it does not know', () => {
    expect(enableFirewallRulesFix.params.safeParse({ profiles: 'Domain;Public' }).success).toBe(false);
  });
});
