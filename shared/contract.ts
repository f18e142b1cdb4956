/**
 * The service contract: every method the renderer (or the command line) may call, with the
 * zod schema of its argument and of its result, and the progress events streamed during a run.
 * Every transport (Electron IPC, the loopback bridge, in-process) validates requests with these
 * schemas before the service sees them, and results before they leave.
 */
import { z } from 'zod';
import {
  checkResultSchema,
  diagnosisSchema,
  environmentSchema,
  fixCommandSchema,
  historyEntrySchema,
  runOptionsPatchSchema,
} from './model';
import { checkStepIdSchema } from './steps';
import { METHOD_NAME_LIST } from './methodNames';
import { targetInputSchema, targetSchema } from './target';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'An identifier may only contain letters, digits, "-" and "_".');
const runId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'A run id is 8 to 64 letters, digits or hyphens.');
const sessionId = z.string().regex(/^[A-Za-z0-9-]{8,40}$/, 'A session id is 8 to 40 letters, digits or hyphens.');

// ---- runs -------------------------------------------------------------------------------------

export const diagnoseRequestSchema = z
  .object({
    /** Chosen by the caller so it can cancel and match progress events before the reply arrives. */
    runId,
    target: targetInputSchema,
    /** Which steps to run; all check steps when omitted. */
    steps: z.array(checkStepIdSchema).min(1).max(5).optional(),
    options: runOptionsPatchSchema.optional(),
    /** The text of the error dialog, if the user pasted it. */
    errorText: z.string().max(4000).optional(),
    /** Keep this run in the history (default true). */
    save: z.boolean().optional(),
    /**
     * A wizard session: the reply is the session's diagnosis of this target so far, this run's steps
     * replacing their earlier runs, kept in the history as one entry per target per session.
     */
    session: sessionId.optional(),
  })
  .strict();
export type DiagnoseRequest = z.input<typeof diagnoseRequestSchema>;

export const cancelRequestSchema = z.object({ runId }).strict();
export const cancelResultSchema = z.object({ cancelled: z.boolean() });

// ---- fixes ------------------------------------------------------------------------------------

const fixParams = z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));

export const fixRequestSchema = z
  .object({
    fixId: id,
    params: fixParams.default({}),
    /** Chosen by the caller so it can stop reading the current state with cancel({runId}). */
    runId: runId.optional(),
  })
  .strict();

export const fixChangeSchema = z.object({
  /** What changes, in plain words. */
  description: z.string().max(1000),
  /** Where: a registry value, a firewall rule, a file, a service. */
  location: z.string().max(1000).optional(),
  before: z.string().max(2000).optional(),
  after: z.string().max(2000).optional(),
});

export const fixPreviewSchema = z.object({
  fixId: id,
  title: z.string().max(200),
  /** Whether this fix can be applied here; when not, why (and the commands remain for doing it by hand). */
  applicable: z.boolean(),
  notApplicableReason: z.string().max(500).optional(),
  changes: z.array(fixChangeSchema).max(50),
  commands: z.array(fixCommandSchema).max(20),
  risk: z.string().max(1000),
  requiresElevation: z.boolean(),
  /** Heavy repairs ask twice. */
  requiresSecondConfirmation: z.boolean(),
  undoable: z.boolean(),
  /** Must be echoed by applyFix: proves the user saw this exact preview. */
  previewToken: z.string().max(128),
});
export type FixPreview = z.infer<typeof fixPreviewSchema>;

export const applyFixRequestSchema = z
  .object({
    fixId: id,
    params: fixParams.default({}),
    consent: z
      .object({
        previewToken: z.string().min(1).max(128),
        confirmed: z.literal(true),
        secondConfirmation: z.boolean().optional(),
      })
      .strict(),
    /** The target to verify against after applying (network checks of the step run again). */
    target: targetInputSchema.optional(),
    /** Chosen by the caller so it can stop the fix with cancel({runId}) before the reply arrives. */
    runId: runId.optional(),
  })
  .strict();

export const undoFixRequestSchema = z
  .object({
    undoId: id,
    /** Chosen by the caller so it can stop the undo with cancel({runId}). */
    runId: runId.optional(),
  })
  .strict();

export const fixOutcomeSchema = z.object({
  fixId: id,
  status: z.enum(['applied', 'failed', 'cancelled', 'not-applicable', 'undone']),
  message: z.string().max(2000),
  /** Set when an undo record was written before the change. */
  undoId: z.string().max(64).optional(),
  /**
   * The checks that found the problem, run again after the change. `notVerified` says why the
   * state could not be read again (for example: reading it needs administrator rights): the change
   * is then neither confirmed nor failed.
   */
  verification: z.object({ passed: z.boolean(), checks: z.array(checkResultSchema), notVerified: z.string().max(500).optional() }).optional(),
});
export type FixOutcome = z.infer<typeof fixOutcomeSchema>;

export const undoRecordSchema = z.object({
  undoId: z.string().max(64),
  fixId: id,
  title: z.string().max(200),
  createdAt: z.string().max(40),
  undone: z.boolean(),
  /** What undo will restore, in plain words. */
  restores: z.string().max(2000),
});
export type UndoRecord = z.infer<typeof undoRecordSchema>;

// ---- history, reports, files ----------------------------------------------------------------------

export const recordSkipsRequestSchema = z
  .object({
    diagnosisId: id,
    skips: z.array(z.object({ step: checkStepIdSchema, reason: z.string().trim().min(1, 'Say why the step was skipped.').max(500) }).strict()).max(10),
  })
  .strict();

export const reportFormatSchema = z.enum(['html', 'markdown', 'json']);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

export const exportReportRequestSchema = z
  .object({
    diagnosisId: id,
    format: reportFormatSchema,
    redact: z.boolean().default(false),
    /** Fixes applied during this session, listed under "what we fixed". */
    fixed: z.array(fixOutcomeSchema).max(50).optional(),
  })
  .strict();
export const reportSchema = z.object({ filename: z.string().max(200), mimeType: z.string().max(100), content: z.string() });
export type Report = z.infer<typeof reportSchema>;

const safeFileName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, 'A file name cannot contain \\ / : * ? " < > | or control characters.');

export const saveFileRequestSchema = z
  .object({ suggestedName: safeFileName, mimeType: z.string().max(100), content: z.string().max(20_000_000) })
  .strict();
export const saveFileResultSchema = z.object({ saved: z.boolean(), path: z.string().max(4096).optional() });

export const rdpFileRequestSchema = z
  .object({
    /** The address to put in `full address`: typically the IP that worked. */
    target: targetInputSchema,
    /** Ask the client to skip NLA (only works where the server does not require it). */
    disableCredSsp: z.boolean().default(false),
    /** 0 connect without warning, 1 refuse, 2 warn (default). */
    authenticationLevel: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(2),
    username: z
      .string()
      .max(104)
      .regex(/^[^\r\n\u0000-\u001f]*$/, 'A user name cannot contain line breaks or control characters.')
      .optional(),
  })
  .strict();
export const rdpFileSchema = z.object({ filename: z.string(), content: z.string() });

export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  audience: z.enum(['plain', 'it']).default('plain'),
  recentTargets: z.array(z.string().max(300)).max(10).default([]),
  options: runOptionsPatchSchema.default({}),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).optional(),
    audience: z.enum(['plain', 'it']).optional(),
    /** Adds one target to the front of the recent list. */
    addRecentTarget: targetInputSchema.optional(),
    clearRecentTargets: z.literal(true).optional(),
    options: runOptionsPatchSchema.optional(),
  })
  .strict();

const empty = z.object({}).strict().default({});

/** What the app's files (settings, undo records) could not keep: each moved aside, once. */
export const storeProblemsSchema = z.object({ problems: z.array(z.string().max(1000)).max(20) });

// ---- the method table -----------------------------------------------------------------------------

export const methods = {
  /** Platform, elevation, versions, what this transport can do. */
  environment: { input: empty, output: environmentSchema },
  /** Run the checks of the given steps (all by default) against one target; progress streams as events. */
  diagnose: { input: diagnoseRequestSchema, output: diagnosisSchema },
  /**
   * Cancel what a caller started with this runId: a diagnosis (its call then resolves with
   * `cancelled: true`) or a fix or undo under way (its outcome is then `cancelled`).
   */
  cancel: { input: cancelRequestSchema, output: cancelResultSchema },
  /** Describe a fix here: what it changes, the commands, its risk, whether it applies. */
  previewFix: { input: fixRequestSchema, output: fixPreviewSchema },
  /** Apply a previewed fix with explicit consent, write the undo record first, then verify. */
  applyFix: { input: applyFixRequestSchema, output: fixOutcomeSchema },
  /** Undo an applied fix from its undo record. */
  undoFix: { input: undoFixRequestSchema, output: fixOutcomeSchema },
  listUndo: { input: empty, output: z.array(undoRecordSchema) },
  /** Saved diagnoses, newest first. */
  listHistory: { input: empty, output: z.object({ entries: z.array(historyEntrySchema), problems: z.array(z.string()) }) },
  getDiagnosis: { input: z.object({ id }).strict(), output: diagnosisSchema },
  deleteDiagnosis: { input: z.object({ id }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** The user's reasons for skipping steps, kept with a saved (session) diagnosis; nothing runs again. */
  recordSkips: { input: recordSkipsRequestSchema, output: diagnosisSchema },
  exportReport: { input: exportReportRequestSchema, output: reportSchema },
  /** Native save dialog + atomic write (Electron); other transports answer `not-supported`. */
  saveFile: { input: saveFileRequestSchema, output: saveFileResultSchema },
  /** A ready .rdp file (content and suggested name). */
  makeRdpFile: { input: rdpFileRequestSchema, output: rdpFileSchema },
  /** Write the .rdp file to a temporary place and open it in Remote Desktop Connection (Windows). */
  openInRemoteDesktop: { input: rdpFileRequestSchema, output: z.object({ launched: z.boolean(), path: z.string().optional() }) },
  getSettings: { input: empty, output: settingsSchema },
  updateSettings: { input: settingsPatchSchema, output: settingsSchema },
  /**
   * Settings or undo records that could not be read since the last call: each file was moved aside
   * and what could be read of it kept. Each problem is answered once; the app and the command line
   * tell the user.
   */
  storeProblems: { input: empty, output: storeProblemsSchema },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export const METHOD_NAMES: readonly MethodName[] = METHOD_NAME_LIST;

// Compile-time proof that the dependency-free list (used by the preload) matches the table.
type ListedName = (typeof METHOD_NAME_LIST)[number];
const listMatchesTable: [Exclude<MethodName, ListedName>, Exclude<ListedName, MethodName>] extends [never, never] ? true : never = true;
void listMatchesTable;

export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

// ---- progress events ----------------------------------------------------------------------------

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-started'),
    runId: z.string(),
    target: targetSchema,
    steps: z.array(checkStepIdSchema),
    /** Checks expected, for a determinate progress bar (may grow as addresses are resolved). */
    plannedChecks: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('check-started'),
    runId: z.string(),
    checkId: z.string(),
    step: checkStepIdSchema,
    label: z.string(),
    address: z.string().optional(),
  }),
  z.object({ type: z.literal('check-finished'), runId: z.string(), result: checkResultSchema }),
  z.object({ type: z.literal('run-finished'), runId: z.string(), diagnosisId: z.string(), cancelled: z.boolean() }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

// ---- errors ---------------------------------------------------------------------------------------

export const ERROR_CODES = [
  'invalid-input',
  'not-found',
  'cancelled',
  'not-supported',
  'needs-elevation',
  'consent-required',
  'busy',
  'timeout',
  'forbidden',
  'internal',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;
export const serviceErrorSchema = z.object({ code: errorCodeSchema, message: z.string().max(1000) });
export type ServiceErrorShape = z.infer<typeof serviceErrorSchema>;

/** The error every transport carries across as {code, message}; message is for the user. */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
  }
  toJSON(): ServiceErrorShape {
    return { code: this.code, message: this.message };
  }
}

/** A reply as it travels over a transport. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ServiceErrorShape };
export const replySchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: serviceErrorSchema }),
]);

/** What the renderer calls: every method, promise-returning, plus the event subscription. */
export type RdpDoctorApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
} & {
  onEvent(listener: (event: RunEvent) => void): () => void;
};
