/** The CredSSP policy (AllowEncryptionOracle, CVE-2018-0886) on this computer, and what its value means. */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const CREDSSP_POLICY_PATH = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters';
export const credsspPolicyDataSchema = z.object({
  registryPath: z.string(),
  /** AllowEncryptionOracle: 0 force updated clients, 1 mitigated, 2 vulnerable; null not set (behaves as 1). */
  allowEncryptionOracle: z.number().nullable(),
  meaning: z.enum(['force-updated-clients', 'mitigated', 'vulnerable', 'not-set', 'unknown']),
  problems: sectionProblemsSchema,
});
export type CredsspPolicyData = z.infer<typeof credsspPolicyDataSchema>;

export function credsspMeaning(value: number | null): CredsspPolicyData['meaning'] {
  if (value === null) return 'not-set';
  if (value === 0) return 'force-updated-clients';
  if (value === 1) return 'mitigated';
  if (value === 2) return 'vulnerable';
  return 'unknown';
}
