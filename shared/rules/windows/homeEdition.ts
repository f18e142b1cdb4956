/**
 * Windows Home cannot host Remote Desktop (11.14): only Pro, Enterprise, Education and Server
 * editions accept connections. On Home the listener settings do not matter, so this finding replaces
 * theirs (listenerSettingsRule stays silent there).
 */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { listenerSettingsDataSchema } from '../../checks/windows/listener';
import { evidence, fix, type FixContext } from '../../catalog';
import type { FixSuggestion } from '../../model';
import { fixContext } from '../read';
import type { Rule } from '../types';
import { eachResult, windowsFinding, type WindowsFindingDefinition } from './finding';

export const windowsHomeCannotHost: WindowsFindingDefinition = {
  id: 'windows-home-cannot-host',
  severity: 'error',
  step: 'reachability',
  title: 'Windows Home cannot be connected to with Remote Desktop',
  plain: 'This computer runs {product}, a Home edition. Home editions can connect to other computers but cannot accept Remote Desktop connections, whatever the settings say. Upgrading to Windows Pro makes it possible; until then, use another remote-access tool your IT department approves.',
  detail: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion: EditionID = {editionId}, ProductName = {product}, build {build}. The Remote Desktop host (TermService listener) is only licensed on Pro, Enterprise, Education and Server editions (EditionID Professional*, Enterprise*, Education*, Server*). ProductName reads "Windows 10" on Windows 11 too; EditionID decides.',
  forIt: 'the computer you connect to runs a Home edition of Windows, which cannot accept Remote Desktop connections',
};

function upgradeEdition(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'upgrade-windows-edition',
    title: 'Upgrade the computer to Windows Pro',
    plain: 'Remote Desktop connections need Windows Pro (or Enterprise/Education). The upgrade keeps files and programs; it needs a Pro licence.',
    where: 'server',
    invasiveness: 'high',
    risk: 'Costs a licence and restarts the computer. Ask IT first: company computers usually get the edition through the company.',
    steps: ['On that computer open Settings → System → Activation.', 'Choose "Upgrade your edition of Windows" and follow the steps (or enter the Pro product key IT gives you).', 'After the restart, turn on Remote Desktop in Settings → System → Remote Desktop, then run the check again.'],
    commands: [],
  });
}

export const homeEditionRule: Rule = eachResult(WINDOWS_CHECK_IDS.rdpListener, listenerSettingsDataSchema, ({ check, data }, input) => {
  const edition = data.edition;
  if (!edition?.home) return null;
  const ctx = fixContext(input);
  const product = edition.productName ?? 'Windows Home';
  return windowsFinding(input, windowsHomeCannotHost, { ctx, vars: { product, editionId: edition.editionId ?? 'unknown', build: edition.build ?? 'unknown' }, evidence: [evidence('Windows edition', `EditionID ${edition.editionId ?? 'unknown'}, ${product}, build ${edition.build ?? 'unknown'}`, check.id)], fixes: [upgradeEdition(ctx)] });
});
