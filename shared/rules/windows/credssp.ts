/** The CredSSP policy on this computer (Encryption Oracle Remediation) may not match the server. */
import { CREDSSP_POLICY_PATH, credsspPolicyDataSchema } from '../../checks/windows/credssp';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { setCredsspMitigated, updateRemoteComputer } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const credsspPolicyMismatch = windowsFindingDefinition('credssp-policy-mismatch', 'warning', 'security');

export const credsspRule: Rule = eachResult(WINDOWS_CHECK_IDS.credsspPolicy, credsspPolicyDataSchema, ({ data, ctx, ev, found }) => {
  if (data.meaning !== 'force-updated-clients' && data.meaning !== 'vulnerable' && data.meaning !== 'unknown') return null;
  const plainMeaning =
    data.meaning === 'force-updated-clients'
      ? 'This computer is set to connect only to servers that have the 2018 CredSSP security update. If the remote computer lacks it, the connection is refused during sign-in. The right fix is to update the remote computer.'
      : data.meaning === 'vulnerable'
        ? 'This computer is set to allow CredSSP connections to servers without the 2018 security update ("Vulnerable"). That makes connections weaker; it was probably set to work around an old server. Update that server and set the policy back.'
        : `The CredSSP policy on this computer has an unexpected value (${data.allowEncryptionOracle}).`;
  return found(credsspPolicyMismatch, {
    vars: { plainMeaning, path: data.registryPath || CREDSSP_POLICY_PATH, value: String(data.allowEncryptionOracle), meaning: data.meaning },
    evidence: [ev('AllowEncryptionOracle', `${data.registryPath}\\AllowEncryptionOracle = ${data.allowEncryptionOracle} (${data.meaning})`)],
    fixes: [
      updateRemoteComputer(ctx),
      setCredsspMitigated(ctx, data.registryPath),
    ],
  });
});
