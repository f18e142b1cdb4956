/**
 * Windows Home cannot host Remote Desktop (11.14): only Pro, Enterprise, Education and Server
 * editions accept connections. On Home the listener settings do not matter, so this finding replaces
 * theirs (listenerSettingsRule stays silent there).
 */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { listenerSettingsDataSchema } from '../../checks/windows/listener';
import { upgradeWindowsEdition } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, type WindowsFindingDefinition } from './finding';

export const windowsHomeCannotHost: WindowsFindingDefinition = {
  id: 'windows-home-cannot-host',
  severity: 'error',
  step: 'reachability',
  title: 'Windows Home cannot be connected to with Remote Desktop',
  plain: 'This computer runs {product}, a Home edition. Home editions can connect to other computers but cannot accept Remote Desktop connections, whatever the settings say. Upgrading to Windows Pro makes it possible; until then, use another remote-access tool your IT department approves.',
  detail: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion: EditionID = {editionId}, ProductName = {product}, build {build}. The Remote Desktop host (TermService listener) is only licensed on Pro, Enterprise, Education and Server editions (EditionID Professional*, Enterprise*, Education*, Server*). ProductName reads "Windows 10" on Windows 11 too; EditionID decides.',
  forIt: 'the computer you connect to runs a Home edition of Windows, which cannot accept Remote Desktop connections',
};

export const homeEditionRule: Rule = eachResult(WINDOWS_CHECK_IDS.rdpListener, listenerSettingsDataSchema, ({ data, ctx, ev, found }) => {
  const edition = data.edition;
  if (!edition?.home) return null;
  const product = edition.productName ?? 'Windows Home';
  return found(windowsHomeCannotHost, { vars: { product, editionId: edition.editionId ?? 'unknown', build: edition.build ?? 'unknown' }, evidence: [ev('Windows edition', `EditionID ${edition.editionId ?? 'unknown'}, ${product}, build ${edition.build ?? 'unknown'}`)], fixes: [upgradeWindowsEdition(ctx)] });
});
