/** The CredSSP policy on this computer (Encryption Oracle Remediation) may not match the server. */
import { CREDSSP_POLICY_PATH, credsspPolicyDataSchema } from '../../checks/windows/credssp';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { evidence, fix, powershellCommand as ps, psQuote } from '../../catalog';
import { fixContext } from '../read';
import type { Rule } from '../types';
import { eachResult, windowsFinding, type WindowsFindingDefinition } from './finding';

export const credsspPolicyMismatch: WindowsFindingDefinition = {
  id: 'credssp-policy-mismatch',
  severity: 'warning',
  step: 'security',
  title: 'The CredSSP policy on this computer may not match the server',
  plain: '{plainMeaning}',
  detail: '{path}\\AllowEncryptionOracle = {value} ({meaning}). 0 Force Updated Clients (refuses unpatched servers), 1 Mitigated (default), 2 Vulnerable. Policy: Computer Configuration > Administrative Templates > System > Credentials Delegation > Encryption Oracle Remediation (CVE-2018-0886).',
};

export const credsspRule: Rule = eachResult(WINDOWS_CHECK_IDS.credsspPolicy, credsspPolicyDataSchema, ({ check, data }, input) => {
  if (data.meaning !== 'force-updated-clients' && data.meaning !== 'vulnerable' && data.meaning !== 'unknown') return null;
  const ctx = fixContext(input);
  const plainMeaning =
    data.meaning === 'force-updated-clients'
      ? 'This computer is set to connect only to servers that have the 2018 CredSSP security update. If the remote computer lacks it, the connection is refused during sign-in. The right fix is to update the remote computer.'
      : data.meaning === 'vulnerable'
        ? 'This computer is set to allow CredSSP connections to servers without the 2018 security update ("Vulnerable"). That makes connections weaker; it was probably set to work around an old server. Update that server and set the policy back.'
        : `The CredSSP policy on this computer has an unexpected value (${data.allowEncryptionOracle}).`;
  const regPath = `HKLM:${data.registryPath.replace(/^HKLM/, '')}`;
  return windowsFinding(input, credsspPolicyMismatch, {
    ctx,
    vars: { plainMeaning, path: data.registryPath || CREDSSP_POLICY_PATH, value: String(data.allowEncryptionOracle), meaning: data.meaning },
    evidence: [evidence('AllowEncryptionOracle', `${data.registryPath}\\AllowEncryptionOracle = ${data.allowEncryptionOracle} (${data.meaning})`, check.id)],
    fixes: [
      fix(ctx, {
        id: 'update-remote-computer',
        title: 'Install current Windows updates on the remote computer',
        plain: 'The remote computer needs the CredSSP update from May 2018 or later (any current cumulative update includes it).',
        where: 'server',
        invasiveness: 'medium',
        risk: 'Updates may need a restart of the remote computer.',
        steps: ['On the remote computer, open Settings > Windows Update (or ask IT).', 'Install the updates and restart.', 'Run the check again.'],
        commands: [],
      }),
      fix(ctx, {
        id: 'set-credssp-mitigated',
        title: 'Set the CredSSP policy back to "Mitigated" on this computer',
        plain: 'Set "Encryption Oracle Remediation" to Mitigated, the Windows default: it connects to updated servers and refuses to send credentials to vulnerable ones only when they would be at risk.',
        where: 'client',
        invasiveness: 'low',
        risk: 'A company policy may set this value again; then IT must change the policy. Never leave it on "Vulnerable".',
        steps: [
          'Press Win+R, type gpedit.msc and press Enter (Windows Pro/Enterprise).',
          'Open Computer Configuration > Administrative Templates > System > Credentials Delegation.',
          'Open "Encryption Oracle Remediation", select Enabled and Protection Level "Mitigated", then OK.',
          'Run gpupdate /force, then the check again.',
        ],
        commands: [ps('Set Mitigated (as administrator)', `Set-ItemProperty -Path ${psQuote(regPath)} -Name AllowEncryptionOracle -Value 1 -Type DWord`)],
      }),
    ],
  });
});
