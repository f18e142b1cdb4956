/**
 * The fix registry and the service's fix backend: preview (describe), apply with the undo record
 * written first, verify by checking again, undo from the record, list the undo records.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ServiceError, type FixOutcome, type FixPreview, type UndoRecord } from '../../shared/contract';
import { clampText } from '../../shared/catalog';
import type { Target } from '../../shared/target';
import { MAX_COMMAND_TEXT } from '../../shared/model';
import { createSpawnExecutor, type PowerShellExecutor } from '../powershell/runner';
import { isElevated as processIsElevated } from '../elevated';
import { enableFirewallRulesFix } from './firewallFix';
import { regenerateSelfSignedCertFix } from './regenerateCert';
import { resetMachineKeysAclFix } from './resetMachineKeysAcl';
import { rebuildMachineKeysFix } from './rebuildMachineKeys';
import { clearCertHashFix } from './clearCertHash';
import { repairKeyfileAclFix } from './keyfileAcl';
import { enableRdpFix, setNlaFix, setSecurityLayerFix, startTermServiceFix } from './listenerFixes';
import { writeRdpFileFix } from './clientFixes';
import { remoteRepairFix } from './remoteRepair';
import { createElevatedExecutor } from '../powershell/elevation';
import { probeTcp as realProbeTcp } from './probe';
import { FixError, type AnyFixModule, type ApplyContext, type FixEnv } from './types';
import { UndoStore } from './undoStore';
import { NOT_WINDOWS_FIX } from './common';

export type { FixModule, AnyFixModule, FixEnv, ApplyContext, VerifyContext, FixDescription, FixChange } from './types';
export { FixError } from './types';
export { UndoStore, type StoredUndoRecord } from './undoStore';

/** Every fix the service can preview, apply, verify and undo. Ids match shared/catalog's fix ids. */
export const fixModules: readonly AnyFixModule[] = [
  enableFirewallRulesFix,
  regenerateSelfSignedCertFix,
  repairKeyfileAclFix,
  resetMachineKeysAclFix,
  clearCertHashFix,
  rebuildMachineKeysFix,
  setNlaFix,
  setSecurityLayerFix,
  enableRdpFix,
  startTermServiceFix,
  writeRdpFileFix,
  remoteRepairFix,
];

/** The service's view (electron/service/service.ts FixBackend). */
export interface FixBackend {
  preview(fixId: string, params: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<Omit<FixPreview, 'previewToken'>>;
  apply(fixId: string, params: Record<string, unknown>, options: { signal: AbortSignal; target?: Target }): Promise<FixOutcome>;
  undo(undoId: string, options: { signal: AbortSignal }): Promise<FixOutcome>;
  list(): Promise<UndoRecord[]>;
}

export interface FixBackendDeps {
  dataDir: string;
  platform?: NodeJS.Platform;
  isElevated?: () => boolean;
  /** Read-only and non-elevated scripts. */
  run?: PowerShellExecutor;
  /** Scripts that change the system (UAC prompt, or direct when elevated). */
  runElevated?: PowerShellExecutor;
  modules?: readonly AnyFixModule[];
  probeTcp?: (host: string, port: number, timeoutMs: number) => Promise<boolean>;
  /**
   * Opens a written .rdp file. Default: Remote Desktop Connection (mstsc) on Windows, none elsewhere
   * (Electron passes the system's default handler; the browser bridge has no opener).
   */
  openRdpFile?: (file: string) => Promise<void>;
  undoStore?: UndoStore;
}

export function openInMstsc(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const mstsc = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'mstsc.exe');
    const child = spawn(mstsc, [file], { shell: false, detached: true, stdio: 'ignore', windowsHide: false });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

function clampPreview(preview: Omit<FixPreview, 'previewToken'>): Omit<FixPreview, 'previewToken'> {
  return {
    ...preview,
    title: clampText(preview.title, 200),
    ...(preview.notApplicableReason ? { notApplicableReason: clampText(preview.notApplicableReason, 500) } : {}),
    changes: preview.changes.slice(0, 50).map((c) => ({
      description: clampText(c.description, 1000),
      ...(c.location ? { location: clampText(c.location, 1000) } : {}),
      ...(c.before !== undefined ? { before: clampText(c.before, 2000) } : {}),
      ...(c.after !== undefined ? { after: clampText(c.after, 2000) } : {}),
    })),
    commands: preview.commands.slice(0, 20).map((c) => ({ ...c, label: clampText(c.label, 200), text: clampText(c.text, MAX_COMMAND_TEXT) })),
    risk: clampText(preview.risk, 1000),
  };
}

export function createFixBackend(deps: FixBackendDeps): FixBackend {
  const platform = deps.platform ?? process.platform;
  const isElevated = deps.isElevated ?? processIsElevated;
  const run = deps.run ?? createSpawnExecutor();
  const runElevated = deps.runElevated ?? createElevatedExecutor({ isElevated, direct: run });
  const modules = deps.modules ?? fixModules;
  const store = deps.undoStore ?? new UndoStore(deps.dataDir);
  const probeTcp = deps.probeTcp ?? realProbeTcp;
  const openRdpFile = deps.openRdpFile ?? (platform === 'win32' ? openInMstsc : undefined);

  const moduleFor = (fixId: string): AnyFixModule => {
    const m = modules.find((x) => x.id === fixId);
    if (!m) throw new ServiceError('not-found', `There is no fix called "${fixId}".`);
    return m;
  };
  const paramsFor = (m: AnyFixModule, params: Record<string, unknown>): unknown => {
    const parsed = m.params.safeParse(params);
    if (!parsed.success) throw new ServiceError('invalid-input', `The settings for "${m.title}" are not valid: ${parsed.error.issues[0]?.message ?? 'unexpected value'}`);
    return parsed.data;
  };
  const env = (signal?: AbortSignal): FixEnv => ({ platform, elevated: platform === 'win32' && isElevated(), run, dataDir: deps.dataDir, probeTcp, canOpenRdpFile: openRdpFile !== undefined, ...(signal ? { signal } : {}) });

  const describe = async (m: AnyFixModule, p: unknown, signal?: AbortSignal): Promise<Omit<FixPreview, 'previewToken'>> => {
    let d;
    try {
      d = await m.describe(p, env(signal));
    } catch (error) {
      d = { applicable: false, notApplicableReason: `The current state could not be read: ${(error as Error).message}`, changes: [], commands: [], risk: '' };
    }
    return clampPreview({
      fixId: m.id,
      title: m.title,
      applicable: d.applicable,
      ...(d.notApplicableReason ? { notApplicableReason: d.notApplicableReason } : {}),
      changes: d.changes,
      commands: d.commands,
      risk: d.risk,
      requiresElevation: m.requiresElevation,
      requiresSecondConfirmation: m.requiresSecondConfirmation,
      undoable: m.undoable,
    });
  };

  return {
    async preview(fixId, params, options) {
      const m = moduleFor(fixId);
      return describe(m, paramsFor(m, params), options?.signal);
    },

    async apply(fixId, params, options) {
      const m = moduleFor(fixId);
      const p = paramsFor(m, params);
      if (platform !== 'win32' && m.anyPlatform !== true) return { fixId, status: 'not-applicable', message: NOT_WINDOWS_FIX };
      const preview = await describe(m, p, options.signal);
      if (!preview.applicable) return { fixId, status: 'not-applicable', message: preview.notApplicableReason ?? 'This fix does not apply here.' };
      const record = m.undoable ? await store.begin({ fixId: m.id, title: m.title, where: m.where, restores: m.restores(p), params, changes: preview.changes }) : null;
      const ctx: ApplyContext = {
        signal: options.signal,
        runElevated,
        run,
        platform,
        dataDir: deps.dataDir,
        undoId: record?.undoId ?? randomUUID(),
        undoDir: record?.undoDir ?? '',
        ...(openRdpFile ? { openRdpFile } : {}),
        probeTcp,
      };
      let applied: { message: string; undo: unknown };
      try {
        applied = await m.apply(p, ctx);
      } catch (error) {
        let message = clampText(error instanceof Error ? error.message : String(error), 2000);
        const kind = error instanceof FixError ? error.kind : 'failed';
        // A change that failed half-way: the undo data its script printed before it stopped is kept, so undo still works.
        const partial = error instanceof FixError && error.partial !== undefined && m.undoFromPartial ? m.undoFromPartial(error.partial) : undefined;
        if (partial !== undefined) message = clampText(`${message} Part of the change was made; Undo puts it back.`, 2000);
        if (record) await store.fail(record.undoId, message, partial).catch(() => undefined);
        const status = options.signal.aborted || kind === 'cancelled' || kind === 'elevation-declined' ? 'cancelled' : kind === 'not-applicable' ? 'not-applicable' : 'failed';
        return { fixId, status, message, ...(record && partial !== undefined ? { undoId: record.undoId } : {}) };
      }
      if (record) await store.complete(record.undoId, applied.undo, applied.message);
      let verification: FixOutcome['verification'];
      try {
        const v = await m.verify(p, { signal: options.signal, run, platform, elevated: platform === 'win32' && isElevated(), dataDir: deps.dataDir, probeTcp, ...(options.target ? { target: options.target } : {}) });
        verification = { passed: v.passed, checks: v.checks, ...(v.notVerified ? { notVerified: clampText(v.notVerified, 500) } : {}) };
      } catch (error) {
        verification = {
          passed: false,
          checks: [{ id: `verify-${m.id}`.slice(0, 64), step: 'reachability', status: 'error', durationMs: 0, summary: 'The check after the change failed to run.', reason: clampText((error as Error).message, 500), data: {} }],
        };
      }
      return {
        fixId,
        status: 'applied',
        message: clampText(applied.message, 2000),
        ...(record ? { undoId: record.undoId } : {}),
        ...(verification ? { verification } : {}),
      };
    },

    async undo(undoId, options) {
      const record = await store.get(undoId);
      if (!record) throw new ServiceError('not-found', 'There is no such change to undo.');
      if (record.state === 'undone') throw new ServiceError('invalid-input', 'This change was already undone.');
      if (!UndoStore.undoable(record)) {
        throw new ServiceError('invalid-input', `This change did not complete, so it cannot be undone automatically. What it would restore: ${record.restores}`);
      }
      const m = moduleFor(record.fixId);
      const ctx: ApplyContext = { signal: options.signal, runElevated, run, platform, dataDir: deps.dataDir, undoId: record.undoId, undoDir: record.undoDir, ...(openRdpFile ? { openRdpFile } : {}), probeTcp };
      try {
        const out = await m.undo(record.payload, ctx);
        await store.markUndone(record.undoId, out.message);
        return { fixId: record.fixId, status: 'undone', message: clampText(out.message, 2000), undoId: record.undoId };
      } catch (error) {
        const kind = error instanceof FixError ? error.kind : 'failed';
        return { fixId: record.fixId, status: kind === 'elevation-declined' || options.signal.aborted ? 'cancelled' : 'failed', message: clampText((error as Error).message, 2000), undoId: record.undoId };
      }
    },

    list: () => store.list(),
  };
}
