import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { rdpListenerCheck, servicesCheck } from '../checks/windows/serverChecks';
import type { ServicesData } from '../../shared/checks/windows/services';
import { NO_PARAMS, NOT_WINDOWS_FIX, jsonArray, notApplicable, profileList, readChangeState, runElevatedFixScript, windowsChange, type ChangePlan, type WindowsChangeSpec } from './common';
import { fixRestores, fixText } from '../../shared/catalog/fixTexts';
import { FixError } from './types';
import { fixture, scripted, useFixTestDataDir } from './testing/scripted';

const t = useFixTestDataDir('rdpdoctor-common-');

const record = z.object({ before: z.string(), changed: z.boolean() });
const MANUAL = { commands: [{ label: 'By hand', shell: 'powershell' as const, text: 'Start-Service -Name TermService' }], risk: 'Manual risk.' };

/** The parts of a change module a test does not look at: no plan, a fixed record, a pass. */
const QUIET = {
  manual: () => MANUAL,
  plan: () => ({ changes: [] }),
  undoRecord: record,
  apply: async () => ({ message: 'done', undo: { before: 'x', changed: true } }),
  verify: () => ({ passed: true }),
  undo: async () => ({ message: 'undone' }),
};

/** What the services check read, as "name:status" pairs, or "unreadable". */
const seenServices = (data: ServicesData | null): string => (data ? data.services.map((s) => `${s.name}:${s.status ?? '?'}`).join(',') : 'unreadable');

/** A change about the services' state whose plan, apply and verify report what they were given. */
function probeSpec(planned: ChangePlan, seen: string[] = [], withPartial = true) {
  return {
    id: 'start-termservice',
    title: 'Probe change',
    params: NO_PARAMS,
    state: { services: servicesCheck },
    manual: () => MANUAL,
    plan(_p, { services }) {
      seen.push(`plan ${seenServices(services.data)}`);
      return planned;
    },
    undoRecord: record,
    ...(withPartial ? { changedSomething: (u: z.infer<typeof record>) => u.changed } : {}),
    async apply(_p, ctx, readState) {
      seen.push(`apply ${seenServices((await readState()).services.data)}`);
      return { message: 'changed', undo: await runElevatedFixScript(ctx, 'fix-start-services', {}, record) };
    },
    verify(_p, { services }) {
      seen.push(`verify ${seenServices(services.data)}`);
      return { passed: services.data.services.some((s) => s.name === 'TermService' && s.status === 'Running') };
    },
    async undo(u: z.infer<typeof record>) {
      return { message: `back to ${u.before}` };
    },
  } satisfies WindowsChangeSpec<Record<string, never>, z.infer<typeof record>, { services: typeof servicesCheck }>;
}

const probeChange = (planned: ChangePlan, seen: string[] = [], withPartial = true) => windowsChange(probeSpec(planned, seen, withPartial));

describe('windowsChange', () => {
  it('off Windows the preview is the manual commands and risk only, and nothing is read', async () => {
    const run = scripted({ services: fixture('services.running.json') });
    const d = await probeChange({ changes: [] }).describe({}, t.env(run, 'linux'));
    expect(d).toEqual({ applicable: false, notApplicableReason: NOT_WINDOWS_FIX, changes: [], commands: MANUAL.commands, risk: MANUAL.risk });
    expect(run.calls).toEqual([]);
  });

  it('on Windows the plan gets the state its checks read now; the changes come with the manual commands and risk', async () => {
    const seen: string[] = [];
    const run = scripted({ services: fixture('services.stopped.json') });
    const change = { description: 'Start TermService', location: 'Service TermService', before: 'Stopped', after: 'Running' };
    const d = await probeChange({ changes: [change] }, seen).describe({}, t.env(run));
    expect(d).toEqual({ applicable: true, changes: [change], commands: MANUAL.commands, risk: MANUAL.risk });
    expect(run.calls.map((c) => c.scriptId)).toEqual(['services']);
    expect(seen).toEqual([expect.stringMatching(/^plan .*TermService:Stopped/)]);
  });

  it('a plan that is not needed is not applicable with its reason; commands and risk the plan gives replace the manual ones', async () => {
    const run = scripted({ services: fixture('services.running.json') });
    const own = [{ label: 'For these profiles', shell: 'powershell' as const, text: 'Get-Service' }];
    expect(await probeChange({ notNeeded: 'Already running.' }).describe({}, t.env(run))).toEqual(notApplicable('Already running.', MANUAL.commands, MANUAL.risk));
    expect(await probeChange({ notNeeded: 'Already running.', commands: own }).describe({}, t.env(run))).toEqual(notApplicable('Already running.', own, MANUAL.risk));
    expect(await probeChange({ changes: [], risk: 'Riskier here.' }).describe({}, t.env(run))).toMatchObject({ applicable: true, commands: MANUAL.commands, risk: 'Riskier here.' });
  });

  it('apply reads the state only when it asks, through its own executor', async () => {
    const seen: string[] = [];
    const elevated = scripted({ 'fix-start-services': JSON.stringify({ before: 'Stopped', changed: true }) });
    const run = scripted({ services: fixture('services.stopped.json') });
    const out = await probeChange({ changes: [] }, seen).apply({}, t.applyCtx(elevated, run));
    expect(out.undo).toEqual({ before: 'Stopped', changed: true });
    expect(run.calls.map((c) => c.scriptId)).toEqual(['services']);
    expect(elevated.calls.map((c) => c.scriptId)).toEqual(['fix-start-services']);
    expect(seen).toEqual([expect.stringMatching(/^apply .*TermService:Stopped/)]);
  });

  it('apply that does not ask for the state reads nothing', async () => {
    const run = scripted({ services: fixture('services.running.json') });
    const m = windowsChange({ ...probeSpec({ changes: [] }), apply: async () => ({ message: 'done', undo: { before: 'x', changed: true } }) });
    await m.apply({}, t.applyCtx(scripted({}), run));
    expect(run.calls).toEqual([]);
  });

  it('verify reads again only the checks it judges (verifies) and shows only those', async () => {
    const run = scripted({ services: fixture('services.running.json') });
    const m = windowsChange({
      ...QUIET,
      id: 'start-termservice',
      state: { services: servicesCheck, listener: rdpListenerCheck },
      verifies: ['services'],
      plan: () => ({ changes: [] }),
      verify: (_p, state) => {
        // @ts-expect-error only the checks it verifies are read again (checked by tsc)
        expect(state.listener).toBeUndefined();
        return { passed: state.services.data.services.length > 0 };
      },
    });
    const v = await m.verify({}, { signal: new AbortController().signal, run, platform: 'win32' });
    expect(v).toEqual({ passed: true, checks: [expect.objectContaining({ id: servicesCheck.id })] });
    expect(run.calls.map((c) => c.scriptId)).toEqual(['services']);
    await m.describe({}, t.env(run));
    expect(run.calls.map((c) => c.scriptId).sort()).toEqual(['listener-settings', 'services', 'services']);
  });

  it('verify reads the same checks again, with its cancellation, and shows their results with the verdict', async () => {
    const seen: string[] = [];
    const controller = new AbortController();
    const run = scripted({ services: fixture('services.running.json') });
    const v = await probeChange({ changes: [] }, seen).verify({}, { signal: controller.signal, run, platform: 'win32' });
    expect(v).toEqual({ passed: true, checks: [expect.objectContaining({ id: servicesCheck.id })] });
    expect(run.calls[0]!.signal).toBe(controller.signal);
    expect(seen).toEqual([expect.stringMatching(/^verify .*TermService:Running/)]);
  });

  it('a check that cannot read the state again makes the change "not verified", naming the check and why; verify is not asked', async () => {
    const seen: string[] = [];
    const run = scripted({ services: { exitCode: 1, stderr: 'Access is denied.' } });
    const unreadable = await probeChange({ changes: [] }, seen).verify({}, { signal: new AbortController().signal, run, platform: 'win32' });
    expect(unreadable).toMatchObject({ passed: false, checks: [expect.objectContaining({ id: servicesCheck.id })] });
    expect(unreadable.notVerified).toMatch(/^the check "Remote Desktop services \(this computer\)" could not read the state again after the change \(.+\)\. Run the check again to confirm\.$/);
    expect(seen).toEqual([]);
  });

  it('a record printed by a change that stopped half-way is kept only when it is readable and says something changed', () => {
    const m = probeChange({ changes: [] });
    expect(m.undoFromPartial!({ before: 'Stopped', changed: true })).toEqual({ before: 'Stopped', changed: true });
    expect(m.undoFromPartial!({ before: 'Stopped', changed: false })).toBeUndefined();
    expect(m.undoFromPartial!({ before: 42 })).toBeUndefined();
    expect(m.undoFromPartial!('garbage')).toBeUndefined();
    expect(probeChange({ changes: [] }, [], false).undoFromPartial).toBeUndefined();
  });

  it('undo gets the validated record; an unreadable record is a one-line error and runs nothing', async () => {
    const m = probeChange({ changes: [] });
    const elevated = scripted({});
    expect(await m.undo({ before: 'Stopped', changed: true }, t.applyCtx(elevated))).toEqual({ message: 'back to Stopped' });
    // A record read back from disk is not typed until it is validated (the service holds every module as AnyFixModule).
    const stored: unknown = { before: ['not', 'a', 'string'] };
    const failure = await m.undo(stored as z.infer<typeof record>, t.applyCtx(elevated)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FixError);
    expect((failure as FixError).message).toMatch(/^The saved record of this change cannot be read \(before\), so it cannot be undone automatically/);
    expect((failure as FixError).message).not.toContain('\n');
    expect(elevated.calls).toEqual([]);
  });

  it('a plan is its changes or why it is not needed, never both (checked by tsc)', () => {
    // @ts-expect-error both at once is refused by the type
    const both: ChangePlan = { changes: [], notNeeded: 'either' };
    expect(both).toBeDefined();
  });

  it("its title is the catalogue's fix title unless the module words the change on this computer itself", () => {
    const { title: _own, ...spec } = probeSpec({ changes: [] });
    expect(windowsChange(spec).title).toBe(fixText('start-termservice').title);
    expect(probeChange({ changes: [] }).title).toBe('Probe change');
  });

  it("what undo restores is the catalogue's words for the fix, picked and filled by the module's words()", () => {
    expect(probeChange({ changes: [] }).restores({})).toBe(fixRestores('start-termservice'));
    const nla = windowsChange({
      ...QUIET,
      id: 'set-nla',
      title: 'NLA',
      params: z.object({ required: z.boolean() }),
      words: (p) => ({ variants: [p.required ? 'required' : 'notRequired'] }),
      state: { services: servicesCheck },
    });
    expect(nla.restores({ required: true })).toMatch(/back to not required/);
    expect(nla.restores({ required: false })).toMatch(/back to required/);
  });

  it('a change that takes no parameters leaves params out: it takes none', () => {
    const m = windowsChange({ ...QUIET, id: 'start-termservice', state: { services: servicesCheck } });
    expect(m.params.parse({})).toEqual({});
    expect(m.params.parse({ anything: 1 })).toEqual({});
  });

  it('every change it makes is elevated, undoable and on the server; a second confirmation only when asked', () => {
    expect(probeChange({ changes: [] })).toMatchObject({ where: 'server', requiresElevation: true, undoable: true, requiresSecondConfirmation: false });
  });
});

describe('readChangeState', () => {
  it('reads every named check with the given executor, platform and signal; data is null where a check could not read', async () => {
    const controller = new AbortController();
    const run = scripted({ services: fixture('services.running.json') });
    const state = await readChangeState({ services: servicesCheck, listener: rdpListenerCheck }, { run, platform: 'win32', signal: controller.signal });
    expect(state.services.data?.services.some((s) => s.name === 'TermService')).toBe(true);
    expect(state.services.result.id).toBe(servicesCheck.id);
    expect(state.listener.data).toBeNull();
    expect(state.listener.result.status).not.toBe('pass');
    expect(run.calls.map((c) => c.scriptId).sort()).toEqual(['listener-settings', 'services']);
    expect(run.calls.every((c) => c.signal === controller.signal)).toBe(true);
  });
});

describe('script output helpers', () => {
  it('profileList keeps known profiles once, in order', () => {
    expect(profileList('Public, Domain,Public,Bogus')).toEqual(['Public', 'Domain']);
    expect(profileList(undefined)).toEqual([]);
  });

  it("jsonArray takes ConvertTo-Json's null and bare single element as arrays", () => {
    const s = jsonArray(z.string());
    expect(s.parse(null)).toEqual([]);
    expect(s.parse('one')).toEqual(['one']);
    expect(s.parse(['a', 'b'])).toEqual(['a', 'b']);
  });
});
