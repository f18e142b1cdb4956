/**
 * The service with its real modules (appService): runs, events, cancellation, history with a corrupt
 * file, a wizard session's one entry per target, and the consent rules of fixes. Targets are loopback
 * servers started here (real TCP listeners and the fault injectors), never anything else.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startFault, stopAll } from '../../e2e/servers';
import type { RunEvent } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { renderReport } from '../../shared/report';
import { createAppService } from './appService';
import { createService, type FixBackend } from './service';

const newService = () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-service-'));
  return { dataDir, service: createAppService({ appVersion: '0.0.0-test', dataDir }) };
};
const call = async (service: ReturnType<typeof newService>['service'], method: string, input: unknown) => {
  const reply = await dispatch(service, method, input, { transport: 'in-process' });
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value as Record<string, unknown> & { id: string };
};

describe('service', () => {
  let closed: number;
  let silentPort: number;
  beforeAll(async () => {
    closed = await closedPort();
    silentPort = (await startFault('accept-then-silence')).port;
  });
  afterAll(() => stopAll());

  it('streams progress and saves the diagnosis in the history', async () => {
    const { service } = newService();
    const events: RunEvent[] = [];
    const off = service.subscribe((e) => events.push(e));
    const d = await call(service, 'diagnose', { runId: 'run-0001', target: `127.0.0.1:${closed}`, steps: ['reachability'], options: { timeoutMs: 1000 } });
    off();
    expect(events[0]).toMatchObject({ type: 'run-started', runId: 'run-0001' });
    expect(events.filter((e) => e.type === 'check-finished').length).toBeGreaterThan(0);
    // Results travel once: as check events for progress; verdicts only in the reply (the rules run once).
    expect(events.map((e) => e.type).filter((t) => t !== 'check-started' && t !== 'check-finished')).toEqual(['run-started', 'run-finished']);
    expect((d.verdicts as { step: string; verdict: string }[])).toEqual([expect.objectContaining({ step: 'reachability', verdict: 'fail' })]);
    expect(events.at(-1)).toEqual({ type: 'run-finished', runId: 'run-0001', diagnosisId: d.id, cancelled: false });
    const history = await call(service, 'listHistory', {});
    expect((history.entries as { id: string; verdict: string }[]).map((e) => [e.id, e.verdict])).toEqual([[d.id, 'problems']]);
    const reopened = await call(service, 'getDiagnosis', { id: d.id });
    expect(reopened.id).toBe(d.id);
    const settings = await call(service, 'getSettings', {});
    expect(settings.recentTargets).toEqual([`127.0.0.1:${closed}`]);
  });

  it('cancels a run under way promptly', async () => {
    const { service } = newService();
    const running = call(service, 'diagnose', { runId: 'run-0002', target: `127.0.0.1:${silentPort}`, steps: ['reachability', 'certificate'], options: { timeoutMs: 20_000 } });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    expect(await call(service, 'cancel', { runId: 'run-0002' })).toEqual({ cancelled: true });
    const d = await running;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(d.cancelled).toBe(true);
    expect(await call(service, 'cancel', { runId: 'run-0002' })).toEqual({ cancelled: false });
    // The TCP connect passed before the cancel, the listener check was cut short: the step is
    // "cancelled", never a pass, and the step that never started is "cancelled" too.
    const checks = d.checks as { id: string; status: string }[];
    expect(checks.find((c) => c.id === 'tcp')?.status).toBe('pass');
    const listener = d.checks as { id: string; status: string; reason?: string; data: object }[];
    expect(listener.find((c) => c.id === 'rdp-listener')).toMatchObject({ status: 'skipped', reason: 'Cancelled before this check finished.', data: {} });
    expect((d.verdicts as { step: string; verdict: string }[]).map((v) => `${v.step}:${v.verdict}`)).toEqual(['reachability:cancelled', 'certificate:cancelled']);
    // Listed as unfinished, with what was not checked.
    const history = await call(service, 'listHistory', {});
    expect((history.entries as { notChecked: string[]; verdict: string }[])[0]).toMatchObject({ verdict: 'incomplete' });
    expect((history.entries as { notChecked: string[] }[])[0]!.notChecked).toEqual(expect.arrayContaining(['reachability', 'certificate', 'security', 'addressing', 'stability']));
  });

  it('moves a corrupt history file aside and reports it, keeping the rest', async () => {
    const { service, dataDir } = newService();
    const d = await call(service, 'diagnose', { runId: 'run-0003', target: `127.0.0.1:${closed}`, steps: ['reachability'] });
    writeFileSync(path.join(dataDir, 'history', 'broken-entry.json'), '{"id": "broken-entry", "trunc');
    const history = await call(service, 'listHistory', {});
    expect((history.entries as { id: string }[]).map((e) => e.id)).toEqual([d.id]);
    expect((history.problems as string[])[0]).toMatch(/moved aside/);
    expect(readdirSync(path.join(dataDir, 'history')).some((n) => n.startsWith('broken-entry.json.corrupt-'))).toBe(true);
    await expect(call(service, 'getDiagnosis', { id: 'no-such-id' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps one entry per target per session, updated by each run; a re-run step replaces only its own checks', async () => {
    const { service } = newService();
    const session = 'session-0001';
    const a = await call(service, 'diagnose', { runId: 'run-0004', target: `127.0.0.1:${closed}`, steps: ['reachability', 'certificate'], session });
    expect(a.steps).toEqual(['reachability', 'certificate']);
    const tcpRuns = (d: Record<string, unknown>) => (d.checks as { id: string; step: string }[]).filter((c) => c.step === 'reachability' && c.id === 'tcp').length;
    const b = await call(service, 'diagnose', { runId: 'run-0005', target: `127.0.0.1:${closed}`, steps: ['reachability'], session });
    expect(b.id).toBe(a.id);
    expect(b.steps).toEqual(['reachability', 'certificate']);
    expect(tcpRuns(b)).toBe(tcpRuns(a));
    expect((b.findings as { id: string }[]).filter((f) => f.id === 'port-closed')).toHaveLength(1);
    const skipped = await call(service, 'recordSkips', { diagnosisId: b.id, skips: [{ step: 'stability', reason: 'VPN not connected yet' }] });
    expect(skipped.skips).toEqual([{ step: 'stability', reason: 'VPN not connected yet' }]);
    const other = await call(service, 'diagnose', { runId: 'run-0007', target: `127.0.0.2:${closed}`, steps: ['reachability'], session });
    expect(other.id).not.toBe(a.id);
    const history = await call(service, 'listHistory', {});
    const entries = history.entries as { id: string; notChecked: string[] }[];
    expect(entries.map((e) => e.id).sort()).toEqual([a.id, other.id].sort());
    expect(entries.find((e) => e.id === a.id)!.notChecked).toEqual(['security', 'addressing', 'stability']);
    const md = await call(service, 'exportReport', { diagnosisId: a.id, format: 'markdown', redact: false });
    expect(String(md.content)).toContain('# RDP Doctor report');
    expect(String(md.content)).toContain('port-closed');
    expect(String(md.content)).toContain('VPN not connected yet');
  });

  it('never applies a fix without the preview token, and says why a Windows fix does not apply here', async () => {
    const { service, dataDir } = newService();
    const preview = await call(service, 'previewFix', { fixId: 'enable-firewall-rules', params: {} });
    expect(preview.applicable).toBe(process.platform === 'win32');
    if (process.platform !== 'win32') expect(String(preview.notApplicableReason)).toMatch(/Not applicable on this system/);
    await expect(call(service, 'applyFix', { fixId: 'enable-firewall-rules', params: {}, consent: { previewToken: 'forged', confirmed: true } })).rejects.toMatchObject({ code: 'consent-required' });
    await expect(call(service, 'applyFix', { fixId: 'enable-firewall-rules', params: {}, consent: { previewToken: String(preview.previewToken), confirmed: false } })).rejects.toMatchObject({ code: 'invalid-input' });
    if (process.platform !== 'win32') {
      const outcome = await call(service, 'applyFix', { fixId: 'enable-firewall-rules', params: {}, consent: { previewToken: String(preview.previewToken), confirmed: true } });
      expect(outcome.status).toBe('not-applicable');
      expect(existsSync(path.join(dataDir, 'undo'))).toBe(false);
    }
    await expect(call(service, 'previewFix', { fixId: 'format-c-drive', params: {} })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('makes a .rdp file for the address that works, and refuses to launch mstsc off Windows', async () => {
    const { service } = newService();
    const file = await call(service, 'makeRdpFile', { target: '127.0.0.1:3390' });
    expect(String(file.content)).toContain('full address:s:127.0.0.1:3390');
    if (process.platform !== 'win32') {
      await expect(call(service, 'openInRemoteDesktop', { target: '127.0.0.1' })).rejects.toMatchObject({ code: 'not-supported' });
    }
    await expect(call(service, 'saveFile', { suggestedName: 'a.rdp', mimeType: 'text/plain', content: 'x' })).rejects.toMatchObject({ code: 'not-supported' });
    await expect(call(service, 'saveFile', { suggestedName: '../../etc/passwd', mimeType: 'text/plain', content: 'x' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('a fix or an undo under way stops when its caller cancels it by the runId it chose', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-service-'));
    const started: string[] = [];
    // The fix backend's side of the contract: it ends a change early when its signal aborts.
    const untilAborted = (what: string, signal: AbortSignal) =>
      new Promise<{ fixId: string; status: 'cancelled'; message: string }>((resolve) => {
        started.push(what);
        signal.addEventListener('abort', () => resolve({ fixId: 'start-termservice', status: 'cancelled', message: `${what} stopped` }), { once: true });
      });
    const fixes: FixBackend = {
      preview: async (fixId) => ({ fixId, title: 'Start', applicable: true, changes: [], commands: [], risk: 'r', requiresElevation: false, requiresSecondConfirmation: false, undoable: true }),
      apply: (_fixId, _params, options) => untilAborted('apply', options.signal),
      undo: (_undoId, options) => untilAborted('undo', options.signal),
      list: async () => [],
    };
    const service = createService({ appVersion: '0.0.0-test', dataDir, checks: [], fixes, reports: { render: renderReport }, makeRdpFile: () => ({ filename: 'x.rdp', content: '' }), isLocalTarget: () => false });
    const preview = await call(service, 'previewFix', { fixId: 'start-termservice', params: {} });
    const applying = call(service, 'applyFix', { fixId: 'start-termservice', params: {}, consent: { previewToken: String(preview.previewToken), confirmed: true }, runId: 'fix-run-0001' });
    for (let i = 0; i < 100 && !started.includes('apply'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await call(service, 'cancel', { runId: 'fix-run-0001' })).toEqual({ cancelled: true });
    expect(await applying).toMatchObject({ status: 'cancelled', message: 'apply stopped' });
    const undoing = call(service, 'undoFix', { undoId: 'u-1', runId: 'undo-run-0001' });
    for (let i = 0; i < 100 && !started.includes('undo'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await call(service, 'cancel', { runId: 'undo-run-0001' })).toEqual({ cancelled: true });
    expect(await undoing).toMatchObject({ status: 'cancelled', message: 'undo stopped' });
    // Finished: nothing left under that id.
    expect(await call(service, 'cancel', { runId: 'undo-run-0001' })).toEqual({ cancelled: false });
  });

  it('a preview reading the current state stops when its caller cancels it, and gives no preview (no consent token)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-service-'));
    let reading = false;
    const fixes: FixBackend = {
      // The backend's side: the scripts that read the state end when the signal aborts.
      preview: (fixId, _params, options) =>
        new Promise((resolve) => {
          reading = true;
          options?.signal?.addEventListener('abort', () => resolve({ fixId, title: 'Start', applicable: false, notApplicableReason: 'stopped', changes: [], commands: [], risk: '', requiresElevation: false, requiresSecondConfirmation: false, undoable: true }), { once: true });
        }),
      apply: async (fixId) => ({ fixId, status: 'applied', message: 'applied' }),
      undo: async (fixId) => ({ fixId, status: 'undone', message: 'undone' }),
      list: async () => [],
    };
    const service = createService({ appVersion: '0.0.0-test', dataDir, checks: [], fixes, reports: { render: renderReport }, makeRdpFile: () => ({ filename: 'x.rdp', content: '' }), isLocalTarget: () => false });
    const previewing = call(service, 'previewFix', { fixId: 'start-termservice', params: {}, runId: 'preview-run-01' });
    for (let i = 0; i < 100 && !reading; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await call(service, 'cancel', { runId: 'preview-run-01' })).toEqual({ cancelled: true });
    await expect(previewing).rejects.toMatchObject({ code: 'cancelled' });
    // A runId that is not an id is refused before anything runs.
    reading = false;
    await expect(call(service, 'previewFix', { fixId: 'start-termservice', params: {}, runId: 'not ok!' })).rejects.toMatchObject({ code: 'invalid-input' });
    expect(reading).toBe(false);
  });
});
