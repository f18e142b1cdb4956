/** The Remote Desktop services and the services its certificate needs. */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const RDP_SERVICES = ['TermService', 'SessionEnv', 'UmRdpService'] as const;
/**
 * What the certificate needs besides (rdp-facts.md): Cryptographic Services (Automatic, running),
 * CNG Key Isolation (Manual, started on demand: Stopped is normal), Certificate Propagation (Manual).
 */
export const CERTIFICATE_SERVICES = ['CryptSvc', 'KeyIso', 'CertPropSvc'] as const;
export const SERVICE_NAMES = [...RDP_SERVICES, ...CERTIFICATE_SERVICES] as const;
export const serviceStateSchema = z.object({
  name: z.enum(SERVICE_NAMES),
  exists: z.boolean(),
  displayName: z.string().nullable(),
  status: z.string().nullable(),
  startType: z.string().nullable(),
  account: z.string().nullable(),
});
export type ServiceState = z.infer<typeof serviceStateSchema>;

/** The certificate's services that are off: CryptSvc not running or disabled; KeyIso or CertPropSvc disabled (they start on demand). */
export function certificateServiceProblems(services: readonly ServiceState[]): ServiceState[] {
  return services.filter((s) => {
    if (!(CERTIFICATE_SERVICES as readonly string[]).includes(s.name) || !s.exists) return false;
    if (s.startType === 'Disabled') return true;
    return s.name === 'CryptSvc' && s.status !== null && s.status !== 'Running';
  });
}
export const servicesDataSchema = z.object({ services: z.array(serviceStateSchema), problems: sectionProblemsSchema });
export type ServicesData = z.infer<typeof servicesDataSchema>;
