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
  'combineDiagnoses',
  'exportReport',
  'saveFile',
  'makeRdpFile',
  'openInRemoteDesktop',
  'getSettings',
  'updateSettings',
] as const;

/** IPC channel names (Electron transport). */
export const IPC_CALL_CHANNEL = 'rdp-doctor:call';
export const IPC_EVENT_CHANNEL = 'rdp-doctor:event';
export const IPC_SUBSCRIBE_CHANNEL = 'rdp-doctor:subscribe';
