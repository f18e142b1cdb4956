/** The certificates in the Remote Desktop and Personal stores, and the one the listener uses. */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const REMOTE_DESKTOP_AUTH_EKU = '1.3.6.1.4.1.311.54.1.2';
export const SERVER_AUTH_EKU = '1.3.6.1.5.5.7.3.1';

export const storeCertificateSchema = z.object({
  store: z.enum(['Remote Desktop', 'My']),
  thumbprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string().nullable(),
  notAfter: z.string().nullable(),
  hasPrivateKey: z.boolean(),
  selfSigned: z.boolean(),
  eku: z.array(z.string()),
  /** The listener presents this certificate (WMI SSLCertificateSHA1Hash). */
  inUse: z.boolean(),
  /** Relative to the time of the check. */
  validity: z.enum(['valid', 'expired', 'not-yet-valid', 'unknown']),
  /** Has Server Authentication or Remote Desktop Authentication, or no EKU at all (any use). */
  ekuUsable: z.boolean(),
});
export type StoreCertificate = z.infer<typeof storeCertificateSchema>;

export const certStoreDataSchema = z.object({
  checkedAt: z.string(),
  /** WMI SSLCertificateSHA1Hash: the certificate the listener uses (self-signed included). */
  inUseThumbprint: z.string().nullable(),
  /** Registry SSLCertificateSHA1Hash: set only when a certificate was chosen explicitly. */
  configuredThumbprint: z.string().nullable(),
  certificates: z.array(storeCertificateSchema),
  /** The in-use (or configured) thumbprint was found in a store. */
  inUseFound: z.boolean(),
  /** The Remote Desktop store exists (it is created with the first self-signed certificate). */
  storeExists: z.boolean().default(true),
  problems: sectionProblemsSchema,
});
export type CertStoreData = z.infer<typeof certStoreDataSchema>;
