/**
 * The contract's method names as a plain list, with no dependencies, so the sandboxed preload can
 * expose exactly these without bundling the schemas. contract.ts proves at compile time that this
 * list and the method table agree.
 */
export const METHOD_NAME_LIST = [
  'environment',
  'diagnose',
  'cancel',
  'previewFix',
  'applyFix',
  'undoFix',
  'listUndo',
  'listHistory',
  'getDiagnosis',
  'deleteDiagnosis',
  'recordSkips',
  'exportReport',
  'saveFile',
  'makeRdpFile',
  'openInRemoteDesktop',
  'getSettings',
  'updateSettings',
  'storeProblems',
] as const;

/** IPC channel names (Electron transport). */
export const IPC_CALL_CHANNEL = 'rdp-doctor:call';
export const IPC_EVENT_CHANNEL = 'rdp-doctor:event';
export const IPC_SUBSCRIBE_CHANNEL = 'rdp-doctor:subscribe';

/**
 * What the preload exposes as `window.rdpDoctor`: every method answers with the reply envelope
 * (`{ ok: true, value }` or `{ ok: false, error: { code, message } }`), never by throwing, because
 * an Error crossing the context bridge keeps its message but loses its code. The renderer validates
 * the envelope and turns it into a value or a ServiceError (renderer/api.ts).
 */
export type PreloadReply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
export type PreloadApi = { readonly [M in (typeof METHOD_NAME_LIST)[number]]: (input?: unknown) => Promise<PreloadReply> } & {
  readonly onEvent: (listener: (event: unknown) => void) => () => void;
};
