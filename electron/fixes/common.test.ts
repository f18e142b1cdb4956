import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { servicesCheck } from '../checks/windows/serverChecks';
import { NO_PARAMS, NOT_WINDOWS_FIX, jsonArray, notApplicable, profileList, runElevatedFixScript, stateReader, windowsChange, type ChangePlan, type ReadState } from './common';
import { FixError } from './types';
import { fixture, scripted, useFixTestDataDir } from './testing/scripted';

const t = useFixTestDataDir('rdpdoctor-common-');

const record = z.object({ before: z.string(), changed: z.boolean() });
const MANUAL = { commands: [{ label: 'By hand', shell: 'powershell' as const, command: 'Start-Service -Name TermService' }], risk: 'Manual risk.' };

/** A change module whose plan, apply and verify report what they were given. */
function probeChange(planned: ChangePlan, seen: { reads: string[] } = { reads: [] }, withPartial = true) {
  const readServices = async (read: ReadState) => {
    const { data } = await read(servicesCheck);
    seen.reads.push(data ? data.services.map((s) => `${s.name}:${s.status ?? '?'}`).join(',') : 'unreadable');
  };
  return windowsChange<Record<string, never>, z.infer<typeof record>>({
    id: 'start-termservice',
    title: 'Probe change',
    params: NO_PARAMS,
    restores: () => 'What it was.',
    manual: () => MANUAL,
    async plan(_p, read) {
      await readServices(read);
      return planned;
    },
    undoRecord: record,
    ...(withPartial ? { changedSomething: (u: z.infer<typeof record>) => u.changed } : {}),
    async apply(_p, ctx, read) {
      await readServices(read);
      return { message: 'changed', undo: await runElevatedFixScript(ctx, 'fix-start-services', {}, record) };
    },
    async verify(_p, _ctx, read) {
      await readServices(read);
      return { passed: true, checks: [] };
    },
    async undo(u) {
      return { message: `back to ${u.before}` };
    },
  });
}

describe('windowsChange', () => {
  it('off Windows the preview is the manual commands and risk only, and nothing is read', async () => {
    const run = scripted({ services: fixture('services.running.json') });
    const d = await probeChange({ changes: [] }).describe({}, t.env(run, 'linux'));
    expect(d).toEqual({ applicable: false, notApplicableReason: NOT_WINDOWS_FIX, changes: [], commands: MANUAL.commands, risk: MANUAL.risk });
    expect(run.calls).toEqual([]);
  });

  it('on Windows the plan reads state through the preview environment; the changes come with the manual commands and risk', async () => {
    const seen = { reads: [] as string[] };
    const run = scripted({ services: fixture('services.stopped.json') });
    const change = { description: 'Start TermService', location: 'Service TermService', before: 'Stopped', after: 'Running' };
    const d = await probeChange({ changes: [change] }, seen).describe({}, t.env(run));
    expect(d).toEqual({ applicable: true, changes: [change], commands: MANUAL.commands, risk: MANUAL.risk });
    expect(run.calls.map((c) => c.scriptId)).toEqual(['services']);
    expect(seen.reads[0]).toMatch(/TermService:Stopped/);
  });

  it('a plan that is not needed is not applicable with its reason; commands and risk the plan gives replace the manual ones', async () => {
    const run = scripted({ services: fixture('services.running.json') });
    const own = [{ label: 'For these profiles', shell: 'powershell' as const, command: 'Get-Service' }];
    expect(await probeChange({ notNeeded: 'Already running.' }).describe({}, t.env(run))).toEqual(notApplicable('Already running.', MANUAL.commands, MANUAL.risk));
    expect(await probeChange({ notNeeded: 'Already running.', commands: own }).describe({}, t.env(run))).toEqual(notApplicable('Already running.', own, MANUAL.risk));
    const d = await probeChange({ changes: [], risk: 'Riskier here.' }).describe({}, t.env(run));
    expect(d).toMatchObject({ applicable: true, commands: MANUAL.commands, risk: 'Riskier here.' });
  });

  it('apply and verify read through their own executor and cancellation', async () => {
    const seen = { reads: [] as string[] };
    const elevated = scripted({ 'fix-start-services': JSON.stringify({ before: 'Stopped', changed: true }) });
    const run = scripted({ services: fixture('services.running.json') });
    const m = probeChange({ changes: [] }, seen);
    const out = await m.apply({}, t.applyCtx(elevated, run));
    expect(out.undo).toEqual({ before: 'Stopped', changed: true });
    const controller = new AbortController();
    const verifyRun = scripted({ services: fixture('services.stopped.json') });
    await m.verify({}, { signal: controller.signal, run: verifyRun, platform: 'win32' });
    expect(run.calls.map((c) => c.scriptId)).toEqual(['services']);
    expect(verifyRun.calls[0]!.signal).toBe(controller.signal);
    expect(seen.reads).toEqual([expect.stringMatching(/TermService:Running/), expect.stringMatching(/TermService:Stopped/)]);
  });

  it('a record printed by a change that stopped half-way is kept only when it is readable and says something changed', () => {
    const m = probeChange({ changes: [] });
    expect(m.undoFromPartial!({ before: 'Stopped', changed: true })).toEqual({ before: 'Stopped', changed: true });
    expect(m.undoFromPartial!({ before: 'Stopped', changed: false })).toBeUndefined();
    expect(m.undoFromPartial!({ before: 42 })).toBeUndefined();
    expect(m.undoFromPartial!('garbage')).toBeUndefined();
    expect(probeChange({ changes: [] }, undefined, false).undoFromPartial).toBeUndefined();
  });

  it('undo gets the validated record; an unreadable record is a one-line error and runs nothing', async () => {
    const m = probeChange({ changes: [] });
    const elevated = scripted({});
    expect(await m.undo({ before: 'Stopped', changed: true }, t.applyCtx(elevated))).toEqual({ message: 'back to Stopped' });
    const failure = await m.undo({ before: ['not', 'a', 'string'] }, t.applyCtx(elevated)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FixError);
    expect((failure as FixError).message).toMatch(/^The saved record of this change cannot be read \(before\), so it cannot be undone automatically/);
    expect((failure as FixError).message).not.toContain('\n');
    expect(elevated.calls).toEqual([]);
  });

  it('every change it makes is elevated, undoable and on the server; a second confirmation only when asked', () => {
    const m = probeChange({ changes: [] });
    expect(m).toMatchObject({ where: 'server', requiresElevation: true, undoable: true, requiresSecondConfirmation: false });
  });
});

describe('stateReader', () => {
  it('reads a check with the given executor, platform and signal; data is null when the check could not read', async () => {
    const controller = new AbortController();
    const run = scripted({ services: fixture('services.running.json') });
    const read = stateReader({ run, platform: 'win32', signal: controller.signal });
    const { data, result } = await read(servicesCheck);
    expect(data?.services.some((s) => s.name === 'TermService')).toBe(true);
    expect(result.id).toBe(servicesCheck.id);
    expect(run.calls[0]!.signal).toBe(controller.signal);
    const failed = await stateReader({ run: scripted({ services: { exitCode: 1, stderr: 'Access is denied.' } }), platform: 'win32' })(servicesCheck);
    expect(failed.data).toBeNull();
    expect(failed.result.status).not.toBe('pass');
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
