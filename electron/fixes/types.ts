/**
 * What a fix module is. The service previews (describe), applies with consent (the undo record is
 * written BEFORE apply runs), verifies by running the relevant checks again, and can undo from the
 * JSON payload apply returned. Every PowerShell call goes through an injected executor, so tests
 * substitute recorded outputs; the real ones are the spawn runner and the elevated runner.
 */
import type { ZodType } from 'zod';
import type { CheckResult, FixCommand } from '../../shared/model';
import type { Target } from '../../shared/target';
import type { PowerShellExecutor } from '../powershell/runner';

export interface FixChange {
  /** What changes, in plain words. */
  description: string;
  /** Where: a registry value, a firewall rule, a file, a service. */
  location?: string;
  before?: string;
  after?: string;
}

export interface FixDescription {
  applicable: boolean;
  notApplicableReason?: string;
  changes: FixChange[];
  /** The same change by hand (always present, also when not applicable here). */
  commands: FixCommand[];
  risk: string;
}

/** Where describe() runs: reads current state for the before-values (never changes anything). */
export interface FixEnv {
  platform: NodeJS.Platform;
  /** This process is already elevated (Administrator). */
  elevated: boolean;
  /** Read-only scripts, not elevated. */
  run: PowerShellExecutor;
  /** The app's data folder (client-side files, undo records). */
  dataDir: string;
  signal?: AbortSignal;
  /** TCP reachability test (remote-repair checks WinRM before offering itself). */
  probeTcp?: (host: string, port: number, timeoutMs: number) => Promise<boolean>;
  /** An opener for .rdp files is available (ApplyContext.openRdpFile); false in the browser bridge off Windows. */
  canOpenRdpFile?: boolean;
}

export interface ApplyContext {
  signal: AbortSignal;
  /** Runs a fixed script with administrator rights (the UAC prompt through launcher.ps1, or directly when elevated). */
  runElevated: PowerShellExecutor;
  /** Runs a fixed script without elevation. */
  run: PowerShellExecutor;
  platform: NodeJS.Platform;
  dataDir: string;
  /** The undo record written before the change (also names the server-side backup folder). */
  undoId: string;
  /** A folder for client-side backups of this change. */
  undoDir: string;
  /** Opens a .rdp file: Remote Desktop Connection on Windows, the system's default app elsewhere (absent when there is none). */
  openRdpFile?: (file: string) => Promise<void>;
  probeTcp?: (host: string, port: number, timeoutMs: number) => Promise<boolean>;
}

export interface VerifyContext {
  signal: AbortSignal;
  run: PowerShellExecutor;
  /** This process already has administrator rights (checks that need them can read). */
  elevated?: boolean;
  platform: NodeJS.Platform;
  /** The target the user is diagnosing, when known. */
  target?: Target;
  dataDir?: string;
  probeTcp?: (host: string, port: number, timeoutMs: number) => Promise<boolean>;
}

export interface FixModule<P = Record<string, unknown>, U = unknown> {
  id: string;
  title: string;
  where: 'client' | 'server';
  requiresElevation: boolean;
  requiresSecondConfirmation: boolean;
  undoable: boolean;
  /** Runs on every platform; without it the service applies the fix on Windows only. */
  anyPlatform?: boolean;
  /** Validates the parameters (from the finding's FixSuggestion.params or the user). */
  params: ZodType<P>;
  /** What undo restores, in plain words (shown in the undo list). */
  restores(params: P): string;
  describe(params: P, env: FixEnv): Promise<FixDescription>;
  /** Make the change. Throw FixError (plain message) on failure. Returns a JSON-able undo payload. */
  apply(params: P, ctx: ApplyContext): Promise<{ message: string; undo: U }>;
  /**
   * Read the state again. `notVerified` (with passed false) when it could not be read, for example
   * because reading it needs administrator rights: the change is then neither confirmed nor failed.
   */
  verify(params: P, ctx: VerifyContext): Promise<{ passed: boolean; checks: CheckResult[]; notVerified?: string }>;
  /**
   * The undo payload from what the script printed before it failed half-way (its `finally` block),
   * or undefined when that says nothing was changed. Without it, a failed change keeps no undo data.
   */
  undoFromPartial?(partial: unknown): U | undefined;
  undo(payload: U, ctx: ApplyContext): Promise<{ message: string }>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFixModule = FixModule<any, any>;

/** A fix that runs as the signed-in user (no UAC prompt) after one confirmation. */
export const AS_THE_USER = { requiresElevation: false, requiresSecondConfirmation: false } as const;

export class FixError extends Error {
  readonly kind: string;
  /** What the script printed before it failed (its undo data, printed from `finally`), when anything. */
  readonly partial: unknown;
  constructor(message: string, kind = 'failed', partial?: unknown) {
    super(message);
    this.name = 'FixError';
    this.kind = kind;
    this.partial = partial;
  }
}
