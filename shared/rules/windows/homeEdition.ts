/**
 * Windows Home cannot host Remote Desktop (11.14): only Pro, Enterprise, Education and Server
 * editions accept connections. On Home the listener settings do not matter, so this finding replaces
 * theirs (listenerSettingsRule stays silent there).
 */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { listenerSettingsDataSchema } from '../../checks/windows/listener';
import { upgradeWindowsEdition } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const windowsHomeCannotHost = windowsFindingDefinition('windows-home-cannot-host', 'error', 'reachability');

export const homeEditionRule: Rule = eachResult(WINDOWS_CHECK_IDS.rdpListener, listenerSettingsDataSchema, ({ data, ctx, ev, found }) => {
  const edition = data.edition;
  if (!edition?.home) return null;
  const product = edition.productName ?? 'Windows Home';
  return found(windowsHomeCannotHost, { vars: { product, editionId: edition.editionId ?? 'unknown', build: edition.build ?? 'unknown' }, evidence: [ev('Windows edition', `EditionID ${edition.editionId ?? 'unknown'}, ${product}, build ${edition.build ?? 'unknown'}`)], fixes: [upgradeWindowsEdition(ctx)] });
});
