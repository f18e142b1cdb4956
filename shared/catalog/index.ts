/**
 * The finding catalogue: stable finding ids with their severity, step, words and fixes.
 * Network findings are defined here; the Windows findings are defined beside the Windows rules
 * with the same building blocks (FindingDefinition, buildFinding, the fix builders).
 */
export * from './build';
export * from './certificateKeyFixes';
export * from './commandText';
export * from './fix';
export * from './fixOrder';
export * from './clientFixes';
export * from './networkFixes';
export * from './serverFixes';
export * from './certificateFixes';
export * from './remoteRepairFix';
export * from './netFindings';
export * from './plainWords';
export * from './fixScripts';
export * from './serverScript';
