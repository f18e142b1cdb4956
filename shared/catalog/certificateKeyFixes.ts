/**
 * Repairs for the key of a certificate a certificate authority issued and IT bound to the listener
 * (SSLCertificateSHA1Hash): the self-signed repairs (repair-keyfile-acl, regenerate, rebuild
 * MachineKeys) do not touch such a key. Both are done by IT by hand; the commands are built only
 * from a validated key path and thumbprint.
 */
import type { FixSuggestion } from '../model';
import { commandThumbprint, powershellCommand, psQuote } from './commandText';
import { fix, type FixContext } from './fix';

const ps = powershellCommand;
const ON_SERVER = 'On the computer you connect to, open PowerShell as administrator.';
export const KEY_PATH_PLACEHOLDER = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\KEYFILE';

/** A machine key file path as the key-file check reports it (CAPI MachineKeys or CNG Keys), or null. */
export function commandKeyPath(path: string | null | undefined): string | null {
  if (!path) return null;
  return /^[A-Za-z]:\\[A-Za-z0-9 ._()\\-]{1,200}\\Microsoft\\Crypto\\(?:RSA\\MachineKeys|Keys)\\[0-9A-Za-z_-]{8,128}$/.test(path) ? path : null;
}

export function grantCertificateKeyRead(ctx: FixContext, keyPath: string | null): FixSuggestion {
  const file = psQuote(commandKeyPath(keyPath) ?? KEY_PATH_PLACEHOLDER);
  return fix(ctx, {
    id: 'grant-certificate-key-read',
    title: "Let Remote Desktop read the certificate's key",
    plain: 'The certificate your IT department installed for Remote Desktop has a secret key that the Remote Desktop service is not allowed to read. IT can give it read access.',
    where: 'server',
    invasiveness: 'low',
    risk: 'Adds read access for NETWORK SERVICE (the account Remote Desktop Services runs as) to this one key; nothing else changes. The first command prints the permissions before the change, for the record.',
    steps: [
      ON_SERVER,
      'Run the commands below. (Or: certlm.msc → Remote Desktop or Personal → the certificate → All Tasks → Manage Private Keys → add NETWORK SERVICE with Read.)',
      'Connect again; if it still fails, restart Remote Desktop Services (this signs out the sessions on that computer).',
    ],
    commands: [ps('Show the permissions before', `icacls ${file}`), ps('Give NETWORK SERVICE read access', `icacls ${file} /grant '*S-1-5-20:(R)'`)],
  });
}

export function reimportCertificateKey(ctx: FixContext): FixSuggestion {
  const thumbprint = commandThumbprint(ctx.certificate?.sha1) ?? 'THUMBPRINT';
  return fix(ctx, {
    id: 'reimport-certificate-key',
    title: 'Import the Remote Desktop certificate again, with its key',
    plain: 'The secret key of the certificate your IT department installed for Remote Desktop is missing or damaged. IT needs to import the certificate again together with its private key (a .pfx file).',
    where: 'server',
    invasiveness: 'medium',
    risk: 'certutil -repairstore only links the certificate to a key that still exists; if the key is gone, the certificate must be imported again from its .pfx file (or issued anew), then bound to the listener again.',
    steps: [ON_SERVER, 'Try the first command; if it reports no key, import the .pfx with the second one (it asks for the file\'s password).', 'Connect again.'],
    commands: [
      ps('Link the certificate to its key again', `certutil -repairstore My ${thumbprint}`),
      ps('Import the certificate with its key', "Import-PfxCertificate -FilePath 'C:\\path\\to\\certificate.pfx' -CertStoreLocation 'Cert:\\LocalMachine\\My' -Password (Read-Host -AsSecureString 'PFX password')"),
    ],
  });
}
