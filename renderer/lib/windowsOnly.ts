/**
 * Whether a suggested fix is a change RDP Doctor makes with Windows commands that cannot be made on
 * this computer (it does not run Windows): the card then says so where Preview would be, with the
 * commands to run on the machine that needs them. A manual fix whose steps can be done here (asking
 * IT for the port) and a change that is not Windows-only (the .rdp file) are not.
 */
import type { Environment, FixSuggestion } from '../../shared/model';

export function windowsOnlyHere(fix: Pick<FixSuggestion, 'automatic' | 'commands'>, platform: Environment['platform'] | undefined): boolean {
  return (
    platform !== undefined &&
    platform !== 'win32' &&
    fix.automatic &&
    fix.commands.length > 0 &&
    fix.commands.every((c) => c.shell === 'powershell' || c.shell === 'cmd')
  );
}
