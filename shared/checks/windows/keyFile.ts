/** The key of the certificate the listener uses: where its file is, who may read it, and whether it opens. */
import { z } from 'zod';
import { aclEntrySchema } from './acl';
import { sectionProblemsSchema } from './ids';

export const SELF_SIGNED_KEY_PREFIX = 'f686aace6942fb7f7ceb231212eef4a4';
export const MACHINE_KEYS_DIR = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';

/** The certificate whose key the key-file check examined, and how it was chosen. */
export const keyCertificateSchema = z.object({
  thumbprint: z.string(),
  /** Remote Desktop or My (Personal); null when the thumbprint was found in neither. */
  store: z.string().nullable(),
  /** wmi: the one WMI reports in use; registry: SSLCertificateSHA1Hash; self-signed: the newest in the Remote Desktop store. */
  source: z.enum(['wmi', 'registry', 'self-signed']),
  selfSigned: z.boolean().nullable(),
});
export type KeyCertificate = z.infer<typeof keyCertificateSchema>;

export const keyFileDataSchema = z.object({
  machineGuid: z.string().nullable(),
  certificate: keyCertificateSchema.nullable().default(null),
  /** The key could be opened by this (elevated) process; null when there was no certificate. */
  keyOpened: z.boolean().nullable().default(null),
  /** Why it could not be opened (0x80090016: keyset does not exist). */
  openError: z.object({ message: z.string(), hresult: z.string().nullable() }).nullable().default(null),
  /** The key's unique container name, and where its file is: CAPI (RSA\MachineKeys) or CNG (Crypto\Keys). */
  uniqueName: z.string().nullable().default(null),
  keyStorage: z.enum(['CAPI', 'CNG']).nullable().default(null),
  /** The MachineKeys folder's own permissions (Windows creates new machine keys there). */
  folder: z.object({ path: z.string().nullable(), ownerSid: z.string().nullable(), acl: z.array(aclEntrySchema), readable: z.boolean() }).nullable().default(null),
  path: z.string().nullable(),
  exists: z.boolean(),
  length: z.number().nullable(),
  ownerSid: z.string().nullable(),
  acl: z.array(aclEntrySchema),
  /** The ACL could be read (needs administrator rights). */
  aclReadable: z.boolean(),
  /** NETWORK SERVICE (S-1-5-20) can read the key (directly or through Everyone/Authenticated Users/Users) and is not denied. */
  networkServiceCanRead: z.boolean().nullable(),
  systemFullControl: z.boolean().nullable(),
  problems: sectionProblemsSchema,
});
export type KeyFileData = z.infer<typeof keyFileDataSchema>;

/** Windows' answers when a key container is missing or damaged (NTE_BAD_KEYSET, NTE_NO_KEY, NTE_BAD_KEY). */
export const KEY_MISSING_HRESULTS: readonly string[] = ['0x80090016', '0x8009000D', '0x80090003'];

/** The certificate's key is missing or damaged: opening it said "no such key", or its file is empty. */
export function keyMissing(data: { keyOpened: boolean | null; openError: { hresult: string | null } | null; length: number | null }): boolean {
  return (data.keyOpened === false && KEY_MISSING_HRESULTS.includes(data.openError?.hresult ?? '')) || data.length === 0;
}
