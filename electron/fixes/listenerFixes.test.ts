import { describe, expect, it } from 'vitest';
import { enableRdpFix, setNlaFix, setSecurityLayerFix, startTermServiceFix } from './listenerFixes';
import { fixture, scripted, useFixTestDataDir } from './testing/scripted';

const { env, applyCtx } = useFixTestDataDir('rdpdoctor-listenerfixes-');

describe('listener fixes', () => {
  it('set-nla: not applicable when Group Policy sets it; before-value from WMI otherwise', async () => {
    const byPolicy = await setNlaFix.describe({ required: false }, env(scripted({ 'listener-settings': fixture('listener-settings.denied-by-policy.json') })));
    expect(byPolicy.applicable).toBe(false);
    expect(byPolicy.notApplicableReason).toMatch(/Group Policy/);
    const d = await setNlaFix.describe({ required: false }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(d.changes[0]).toMatchObject({ before: '1', after: '0' });
    expect(d.risk).toMatch(/Weakens security/);
    const already = await setNlaFix.describe({ required: true }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(already.applicable).toBe(false);
  });

  it('set-nla undo writes the value read before', async () => {
    const elevated = scripted({ 'fix-set-nla': fixture('fix-set-nla.json') });
    const out = await setNlaFix.apply({ required: false }, applyCtx(elevated));
    await setNlaFix.undo(out.undo, applyCtx(elevated));
    expect(elevated.calls.map((c) => c.input)).toEqual([{ required: false }, { required: true }]);
  });

  it('set-security-layer: states the trade-off and refuses an unchanged value', async () => {
    const d = await setSecurityLayerFix.describe({ securityLayer: 1 }, env(scripted({ 'listener-settings': fixture('listener-settings.inconsistent.json') })));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]).toMatchObject({ before: '0 (RDP (standard RDP security, no TLS))', after: '1 (Negotiate)' });
    const same = await setSecurityLayerFix.describe({ securityLayer: 2 }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(same.applicable).toBe(false);
    const weaken = await setSecurityLayerFix.describe({ securityLayer: 0 }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(weaken.risk).toMatch(/Weakens security/);
  });

  it('enable-rdp: policy wins; otherwise apply/undo restore the rules and fDenyTSConnections', async () => {
    expect((await enableRdpFix.describe({}, env(scripted({ 'listener-settings': fixture('listener-settings.denied-by-policy.json') })))).applicable).toBe(false);
    const d = await enableRdpFix.describe({}, env(scripted({ 'listener-settings': fixture('listener-settings.fresh-install.json') })));
    expect(d.changes[0]!.before).toContain('fDenyTSConnections 1');
    const elevated = scripted({ 'fix-enable-rdp': fixture('fix-enable-rdp.json'), 'fix-enable-rdp-undo': '{"rules":["RemoteDesktop-UserMode-In-TCP"],"errors":[]}' });
    const out = await enableRdpFix.apply({}, applyCtx(elevated));
    const undone = await enableRdpFix.undo(out.undo, applyCtx(elevated));
    expect(elevated.calls[1]!.input).toMatchObject({ beforeDeny: 1, rules: expect.arrayContaining([{ name: 'RemoteDesktop-Shadow-In-TCP', enabled: 'False' }]) });
    expect(undone.message).toMatch(/turned off again/);
  });

  it('enable-rdp: a record printed before the WMI call names nothing to undo; one printed after it is kept', () => {
    const before = { beforeDeny: 1, rules: [{ name: 'RemoteDesktop-UserMode-In-TCP', enabled: 'False' }] };
    expect(enableRdpFix.undoFromPartial!({ ...before, changed: false })).toBeUndefined();
    expect(enableRdpFix.undoFromPartial!(before)).toBeUndefined();
    expect(enableRdpFix.undoFromPartial!({ ...before, changed: true })).toEqual({ ...before, changed: true });
  });

  it('enable-rdp: verification reads and shows the listener settings only (the firewall rules were the preview)', async () => {
    const run = scripted({ 'listener-settings': fixture('listener-settings.typical.json') });
    const v = await enableRdpFix.verify({}, { signal: new AbortController().signal, run, platform: 'win32' });
    expect(v.passed).toBe(true);
    expect(run.calls.map((c) => c.scriptId)).toEqual(['listener-settings']);
    expect(v.checks.map((c) => c.id)).toEqual([expect.stringMatching(/listener/)]);
    const off = await enableRdpFix.verify({}, { signal: new AbortController().signal, run: scripted({ 'listener-settings': fixture('listener-settings.fresh-install.json') }), platform: 'win32' });
    expect(off.passed).toBe(false);
  });

  it('start-termservice: lists the start-type change and the start', async () => {
    const d = await startTermServiceFix.describe({}, env(scripted({ services: fixture('services.stopped.json') })));
    expect(d.changes.map((c) => c.description)).toEqual(['Set TermService to start manually', 'Start Remotedesktopdienste', 'Start Konfiguration der Remotedesktopdienste']);
    const elevated = scripted({ 'fix-start-services': fixture('fix-start-services.json'), 'fix-start-services-undo': '{"restored":["SessionEnv","TermService"],"errors":[]}' });
    const out = await startTermServiceFix.apply({}, applyCtx(elevated));
    expect(out.message).toBe('Started: TermService, SessionEnv.');
    await startTermServiceFix.undo(out.undo, applyCtx(elevated));
    expect(elevated.calls[1]!.input).toEqual({ before: [{ name: 'TermService', status: 'Stopped', startType: 'Disabled' }, { name: 'SessionEnv', status: 'Stopped', startType: 'Manual' }] });
  });
});
