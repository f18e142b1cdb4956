/**
 * Wires the real modules into the one service: the network and Windows checks, the fix backend,
 * reports and .rdp files. Every transport (IPC, bridge, command line) gets its service from here.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceError } from '../../shared/contract';
import { RdpFileError, buildRdpFile, encodeRdpFile } from '../../shared/rdpFile';
import { renderReport } from '../../shared/report';
import { netChecks } from '../checks/net';
import { isLocalTarget, windowsChecks } from '../checks/windows';
import type { CheckDefinition } from '../engine/types';
import { UndoStore } from '../fixes/undoStore';
import { writeFileAtomic } from '../store/atomicFile';
import { createService, type FixBackend, type RdpDoctorService, type ServiceDeps } from './service';

export interface AppServiceOptions {
  appVersion: string;
  dataDir: string;
  saveFile?: ServiceDeps['saveFile'];
  maxConcurrentRuns?: number;
  /** Checks to run; the network and Windows checks by default. */
  checks?: readonly CheckDefinition[];
  /**
   * Opens a file with this computer's default app (Electron: shell.openPath). Used off Windows for
   * .rdp files, which Windows opens in Remote Desktop Connection (mstsc) instead. Without it (the
   * browser bridge) .rdp files are only saved.
   */
  openFile?: (file: string) => Promise<void>;
}

/** Windows checks are skipped when the run asks for no Windows checks (the command line's scan). */
function withWindowsSwitch(definitions: readonly CheckDefinition[]): CheckDefinition[] {
  return definitions.map((d) => ({ ...d, plan: (ctx) => (ctx.options.windows ? d.plan(ctx) : []) }));
}

/**
 * The fix modules load on first use: a diagnosis (the command line's whole job) never needs them,
 * and their start-up work (parameter schemas, elevation, scripts) would only slow every run.
 */
function lazyFixBackend(load: () => Promise<FixBackend>): FixBackend {
  let loaded: Promise<FixBackend> | undefined;
  const backend = (): Promise<FixBackend> => (loaded ??= load());
  return {
    preview: async (fixId, params) => (await backend()).preview(fixId, params),
    apply: async (fixId, params, opts) => (await backend()).apply(fixId, params, opts),
    undo: async (undoId, opts) => (await backend()).undo(undoId, opts),
    list: async () => (await backend()).list(),
  };
}

export function createAppService(options: AppServiceOptions): RdpDoctorService {
  const openRdpFile: ((file: string) => Promise<void>) | undefined =
    process.platform === 'win32' ? (file) => import('../fixes').then((m) => m.openInMstsc(file)) : options.openFile;
  // One undo store for the fixes and for telling the user when its file could not be read.
  const undoStore = new UndoStore(options.dataDir);
  return createService({
    appVersion: options.appVersion,
    dataDir: options.dataDir,
    checks: options.checks ?? [...netChecks, ...withWindowsSwitch(windowsChecks)],
    fixes: lazyFixBackend(() => import('../fixes').then((m) => m.createFixBackend({ dataDir: options.dataDir, undoStore, ...(openRdpFile ? { openRdpFile } : {}) }))),
    problemSources: [undoStore],
    reports: { render: renderReport },
    makeRdpFile: (request) => {
      try {
        const file = buildRdpFile({
          target: request.target,
          authenticationLevel: request.authenticationLevel,
          disableCredSsp: request.disableCredSsp,
          ...(request.username ? { username: request.username } : {}),
        });
        return { filename: file.filename, content: file.text };
      } catch (error) {
        if (error instanceof RdpFileError) throw new ServiceError('invalid-input', error.message);
        throw error;
      }
    },
    isLocalTarget: (target) => isLocalTarget(target, os.hostname(), os.networkInterfaces()),
    openRdp: async (_request, content, filename) => {
      const dir = path.join(options.dataDir, 'rdp-files');
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, filename);
      await writeFileAtomic(file, encodeRdpFile(content), 0o600);
      if (!openRdpFile) return { launched: false, path: file };
      await openRdpFile(file);
      return { launched: true, path: file };
    },
    ...(options.saveFile ? { saveFile: options.saveFile } : {}),
    ...(options.maxConcurrentRuns ? { maxConcurrentRuns: options.maxConcurrentRuns } : {}),
  });
}
