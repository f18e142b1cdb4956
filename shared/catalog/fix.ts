/**
 * What every fix suggestion of the catalogue is built from: the situation it is suggested in
 * (FixContext), its spec (FixSpec) and fix(), which decides whether the service can do it here
 * (`automatic`: only the fix ids with a service module, AUTOMATIC_FIX_IDS, and only where they may run).
 * The builders live beside this file, one file per kind of fix; the Windows rules reuse them.
 *
 * Command text only ever contains values that passed commandText.ts validation, quoted for the shell.
 */
import type { FixCommand, FixPurpose, FixSuggestion, Invasiveness } from '../model';
import type { Target } from '../target';
import { HOST_PLACEHOLDER, commandHost } from './commandText';

/** Fix ids for which the service has a module that can preview, apply (with consent), verify and undo. */
export const AUTOMATIC_FIX_IDS = [
  'enable-firewall-rules',
  'regenerate-self-signed-cert',
  'repair-keyfile-acl',
  'reset-machinekeys-acl',
  'clear-certificate-hash',
  'rebuild-machinekeys',
  'start-termservice',
  'set-nla',
  'set-security-layer',
  'enable-rdp',
  'write-rdp-file',
  'remote-repair',
] as const;
export type AutomaticFixId = (typeof AUTOMATIC_FIX_IDS)[number];

export function isAutomaticFixId(id: string): id is AutomaticFixId {
  return (AUTOMATIC_FIX_IDS as readonly string[]).includes(id);
}

/**
 * Automatic fixes that also run off Windows: writing a .rdp file is meaningful everywhere (the
 * Remote Desktop apps of macOS and Linux, e.g. Windows App or Remmina, open .rdp files too).
 */
export const ANY_PLATFORM_FIX_IDS: readonly AutomaticFixId[] = ['write-rdp-file'];

/** What a fix needs to know about the situation it is suggested in. */
export interface FixContext {
  target: Target;
  /** process.platform of the machine running the app (win32, darwin, linux ...). */
  platform: string;
  /** The target is this machine (server-side fixes can run here). */
  targetIsLocal: boolean;
  /** An address that completed the handshake, for "connect by IP". */
  workingAddress?: string;
  /** The certificate the server presented, when one was seen. */
  certificate?: { selfSigned: boolean; sha1?: string; names: string[] };
  /** A path-MTU black hole: the largest packet that crossed (IP bytes), its ping payload and the address measured. */
  pathMtu?: { mtu: number; payload: number; address: string };
}

type Where = FixSuggestion['where'];

/**
 * Automatic only on Windows, except the fixes in ANY_PLATFORM_FIX_IDS; server fixes only when the
 * target is this machine; remote-repair only when it is not (it runs here and reaches the server
 * over PowerShell remoting).
 */
export function canAutomate(id: string, where: Where, ctx: Pick<FixContext, 'platform' | 'targetIsLocal'>): boolean {
  if (!isAutomaticFixId(id)) return false;
  if (ctx.platform !== 'win32' && !ANY_PLATFORM_FIX_IDS.includes(id)) return false;
  if (id === 'remote-repair') return !ctx.targetIsLocal;
  if (where === 'server') return ctx.targetIsLocal;
  return true;
}

export interface FixSpec {
  id: string;
  title: string;
  plain: string;
  where: Where;
  invasiveness: Invasiveness;
  /** Default: a repair. */
  purpose?: FixPurpose;
  risk: string;
  steps: string[];
  commands: FixCommand[];
  illustration?: string;
  params?: Record<string, unknown>;
}

/** A fix suggestion from its spec; automatic only where a fix module exists and may run here. */
export function fix(ctx: FixContext, spec: FixSpec): FixSuggestion {
  return {
    id: spec.id,
    title: spec.title,
    plain: spec.plain,
    where: spec.where,
    invasiveness: spec.invasiveness,
    ...(spec.purpose && spec.purpose !== 'repair' ? { purpose: spec.purpose } : {}),
    risk: spec.risk,
    steps: spec.steps,
    commands: spec.commands,
    ...(spec.illustration ? { illustration: spec.illustration } : {}),
    automatic: canAutomate(spec.id, spec.where, ctx),
    ...(spec.params ? { params: spec.params } : {}),
  };
}

/** The host for commands run on this machine against the target (validated), or a placeholder. */
export function hostOf(ctx: FixContext): string {
  return commandHost(ctx.target) ?? HOST_PLACEHOLDER;
}
