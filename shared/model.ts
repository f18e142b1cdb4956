/**
 * The data that crosses every boundary: check results, findings, fixes, diagnoses.
 * Each type is the zod schema's inferred type, so validation and types never drift.
 */
import { z } from 'zod';
import { checkStepIdSchema, stepIdSchema } from './steps';
import { isIPv4, isIPv6, targetSchema } from './target';

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skipped', 'error'] as const;
export const checkStatusSchema = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

const jsonRecord = z.record(z.string(), z.unknown());

/**
 * One check's result. `data` is check-specific; its typed schema lives beside the check's
 * rules in shared/checks/. `status` says how the check itself went:
 * pass (ran, nothing wrong), warn / fail (ran, found a risk / a cause), skipped (could not run:
 * `reason` says why), error (the check itself failed: `reason` says how).
 */
export const checkResultSchema = z.object({
  id: z.string().min(1).max(64),
  step: checkStepIdSchema,
  status: checkStatusSchema,
  durationMs: z.number().nonnegative(),
  /** Set when the check ran against one resolved address of the target. */
  address: z.string().max(64).optional(),
  /** One line, plain words: what the check saw. */
  summary: z.string().max(500),
  /** Why a check was skipped or errored. */
  reason: z.string().max(500).optional(),
  data: jsonRecord,
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const evidenceSchema = z.object({
  label: z.string().max(200),
  value: z.string().max(4000),
  /** The check the value comes from. */
  checkId: z.string().max(64).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** Where a fix is carried out. */
export const fixPlaceSchema = z.enum(['client', 'server', 'network']);
/** How invasive a fix is; fixes are offered in this order. */
export const INVASIVENESS = ['none', 'low', 'medium', 'high'] as const;
export const invasivenessSchema = z.enum(INVASIVENESS);
export type Invasiveness = z.infer<typeof invasivenessSchema>;

/**
 * What a fix does about the cause: repairs it, works around it (the cause stays, the connection
 * works), or investigates it (reads logs or tests, to confirm the cause before repairing).
 * Options are offered repairs first, investigations last (shared/catalog orderFixes).
 */
export const FIX_PURPOSES = ['repair', 'workaround', 'investigate'] as const;
export const fixPurposeSchema = z.enum(FIX_PURPOSES);
export type FixPurpose = z.infer<typeof fixPurposeSchema>;

/** The longest command text: a fix's whole script in its standalone form (shared/catalog/fixScripts.ts) fits. */
export const MAX_COMMAND_TEXT = 16_000;

export const fixCommandSchema = z.object({
  label: z.string().max(200),
  shell: z.enum(['powershell', 'cmd', 'bash', 'rdp-file', 'text']),
  text: z.string().max(MAX_COMMAND_TEXT),
});
export type FixCommand = z.infer<typeof fixCommandSchema>;

/** A fix as suggested with a finding: everything needed to do it by hand, and whether the app can do it. */
export const fixSuggestionSchema = z.object({
  /** Stable id; when `automatic`, the id of the fix module the service can preview and apply. */
  id: z.string().min(1).max(64),
  title: z.string().max(200),
  /** Plain words: what to do and what it changes. */
  plain: z.string().max(2000),
  where: fixPlaceSchema,
  invasiveness: invasivenessSchema,
  /** Absent: a repair. */
  purpose: fixPurposeSchema.optional(),
  /** Risk and trade-offs, stated plainly. */
  risk: z.string().max(1000),
  /** Numbered manual steps (they match the illustration's callouts when there is one). */
  steps: z.array(z.string().max(1000)).max(20),
  commands: z.array(fixCommandSchema).max(20),
  /** Illustration id from assets/illustrations/index.json. */
  illustration: z.string().max(64).optional(),
  /** The service has a module that can preview, apply (with consent), verify and undo it here. */
  automatic: z.boolean(),
  /** Parameters for the automatic fix (validated again by the fix module). */
  params: jsonRecord.optional(),
});
export type FixSuggestion = z.infer<typeof fixSuggestionSchema>;

export const findingSchema = z.object({
  /** Stable id from the finding catalogue (DESIGN.md); never changes meaning. */
  id: z.string().min(1).max(64),
  severity: severitySchema,
  step: checkStepIdSchema,
  title: z.string().max(200),
  /** Plain words for a remote worker: what it means for them. */
  plain: z.string().max(2000),
  /** IT detail: raw values, codes, event IDs, registry paths. */
  detail: z.string().max(4000),
  /**
   * For a remote worker who cannot repair it on their own computer: what to tell IT, in one plain
   * sentence without a capital or a full stop ("the remote computer's certificate expired on ...").
   */
  forIt: z.string().max(500).optional(),
  evidence: z.array(evidenceSchema).max(50),
  /** Repairs first, least invasive first among them (shared/catalog orderFixes). */
  fixes: z.array(fixSuggestionSchema).max(20),
  /** The address the finding is about, when it is about one. */
  address: z.string().max(64).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const VERDICTS = ['pass', 'warn', 'fail', 'not-checked', 'cancelled'] as const;
export const verdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof verdictSchema>;

export const stepVerdictSchema = z.object({
  step: checkStepIdSchema,
  verdict: verdictSchema,
  /** One line for the step header. */
  headline: z.string().max(300),
  /** The findings of this step, most serious first. */
  findingIds: z.array(z.string()),
  /**
   * Findings of other steps that decide this verdict (they name this step as where it shows):
   * the old-TLS finding of "NLA and security layer" behind a Certificate warning, a TLS start that
   * fails behind "NLA and security layer". A step with one never passes.
   */
  causeIds: z.array(z.string()).optional(),
  /**
   * Set by the engine (shared/rules/verdicts.ts) only on a "not-checked" verdict of a step that has
   * no check at all for this target (an IP address has no other addresses to compare): nothing was
   * left unchecked, so every screen and report says "Nothing to check", never "could not be checked".
   */
  nothingToCheck: z.literal(true).optional(),
}).refine((v) => v.nothingToCheck === undefined || v.verdict === 'not-checked', {
  message: 'nothingToCheck belongs to a "not-checked" verdict only.',
  path: ['nothingToCheck'],
});
export type StepVerdict = z.infer<typeof stepVerdictSchema>;

/** A DNS server as an IP literal, optionally with a port (IPv6 with a port in brackets). */
export const dnsServerSchema = z.string().max(60).refine((value) => {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  const withPort = /^([\d.]+):(\d{1,5})$/.exec(value);
  const port = bracketed?.[2] ?? withPort?.[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  if (bracketed) return isIPv6(bracketed[1]!);
  if (withPort) return isIPv4(withPort[1]!);
  return isIPv4(value) || isIPv6(value);
}, 'A DNS server is an IP address, optionally with :port (IPv6 with a port as [address]:port).');

const runOptionFields = {
  /** Per network operation (connect, one handshake stage). */
  timeoutMs: z.number().int().min(200).max(60_000),
  /** Stability: how many full handshakes. */
  attempts: z.number().int().min(1).max(50),
  /** Stability: a handshake slower than this is `slow-handshake`. */
  slowHandshakeMs: z.number().int().min(50).max(60_000),
  /** Send the (informational, rate-limited) MS-RDPEUDP probe. */
  udp: z.boolean(),
  /** Run the local Windows checks where available. */
  windows: z.boolean(),
  /** Ask these DNS servers (IP or IP:port) instead of the system resolver; empty: the system's. */
  dnsServers: z.array(dnsServerSchema).max(3),
};

export const runOptionsSchema = z
  .object({
    timeoutMs: runOptionFields.timeoutMs.default(5000),
    attempts: runOptionFields.attempts.default(5),
    slowHandshakeMs: runOptionFields.slowHandshakeMs.default(2000),
    udp: runOptionFields.udp.default(true),
    windows: runOptionFields.windows.default(true),
    dnsServers: runOptionFields.dnsServers.default([]),
  })
  .strict();
export type RunOptions = z.infer<typeof runOptionsSchema>;
/** Some options, without defaults filled in (requests and saved preferences). */
export const runOptionsPatchSchema = z
  .object({
    timeoutMs: runOptionFields.timeoutMs.optional(),
    attempts: runOptionFields.attempts.optional(),
    slowHandshakeMs: runOptionFields.slowHandshakeMs.optional(),
    udp: runOptionFields.udp.optional(),
    windows: runOptionFields.windows.optional(),
    dnsServers: runOptionFields.dnsServers.optional(),
  })
  .strict();
export type RunOptionsPatch = z.infer<typeof runOptionsPatchSchema>;
export const DEFAULT_RUN_OPTIONS: RunOptions = runOptionsSchema.parse({});

export const environmentSchema = z.object({
  platform: z.enum(['win32', 'darwin', 'linux', 'other']),
  osRelease: z.string().max(100),
  arch: z.string().max(20),
  /** Administrator (Windows) or root (elsewhere). */
  elevated: z.boolean(),
  appVersion: z.string().max(40),
  runtime: z.object({ node: z.string().max(40), electron: z.string().max(40).optional(), chrome: z.string().max(40).optional() }),
  /** Which transport this renderer talks through. */
  transport: z.enum(['ipc', 'bridge', 'in-process']),
  /** Whether the Windows checks can run here, and if not why. */
  windowsChecks: z.object({ available: z.boolean(), reason: z.string().max(300).optional() }),
  /** The shell can show a native save dialog (Electron) rather than a browser download. */
  canSaveFiles: z.boolean(),
  /** mstsc can be launched (Windows). */
  canLaunchRemoteDesktop: z.boolean(),
  hostName: z.string().max(256),
});
export type Environment = z.infer<typeof environmentSchema>;

export const diagnosisSchema = z.object({
  id: z.string().min(1).max(64),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  /** What the user typed. */
  input: z.string().max(300),
  target: targetSchema,
  steps: z.array(checkStepIdSchema),
  options: runOptionsSchema,
  checks: z.array(checkResultSchema),
  findings: z.array(findingSchema),
  verdicts: z.array(stepVerdictSchema),
  durationMs: z.number().nonnegative(),
  cancelled: z.boolean(),
  /** The run's overall time limit (from the timeout and the steps) and whether it was reached. */
  deadline: z.object({ ms: z.number().nonnegative(), reached: z.boolean() }).optional(),
  /** The error text the user pasted, if any, and what we recognised in it. */
  errorText: z.string().max(4000).optional(),
  platform: z.string().max(20),
  /** Steps the user skipped, with the reason they gave (wizard sessions). */
  skips: z.array(z.object({ step: checkStepIdSchema, reason: z.string().min(1).max(500) })).max(10).optional(),
  /** For a diagnosis combined from a wizard session's step runs: their ids. */
  parts: z.array(z.string().max(64)).max(50).optional(),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;

export const overallVerdictSchema = z.enum(['healthy', 'problems', 'risks', 'incomplete']);
export type OverallVerdict = z.infer<typeof overallVerdictSchema>;

export const historyEntrySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  input: z.string(),
  target: targetSchema,
  verdict: overallVerdictSchema,
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  /** The finding ids, for a quick look without loading the whole diagnosis. */
  findingIds: z.array(z.string()),
  /** Steps not checked (never run, cancelled, or skipped): an entry with any is unfinished. */
  notChecked: z.array(checkStepIdSchema).default([]),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export { stepIdSchema };
