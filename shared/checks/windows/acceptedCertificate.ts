/** The certificate Remote Desktop Connection accepted for a host before (HKCU Terminal Server Client\Servers). */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const acceptedCertificateDataSchema = z.object({
  host: z.string(),
  registryPath: z.string(),
  /** The Servers\<name> entries that match the target (host, host:port). */
  entries: z.array(z.object({ name: z.string(), certHash: z.string().nullable(), usernameHint: z.string().nullable() })),
  problems: sectionProblemsSchema,
});
export type AcceptedCertificateData = z.infer<typeof acceptedCertificateDataSchema>;
