/**
 * Repairs for the key of a certificate a certificate authority issued and IT bound to the listener
 * (SSLCertificateSHA1Hash): the self-signed repairs (repair-keyfile-acl, regenerate, rebuild
 * MachineKeys) do not touch such a key. Both are done by IT by hand; the commands are built only
 * from a validated key path and thumbprint. Their words are in fixTexts.json.
 */
import type { FixSuggestion } from '../model';
import { commandThumbprint, powershellCommand, psQuote } from './commandText';
import { fix, type FixContext } from './fix';
import { fixText } from './fixTexts';

const ps = powershellCommand;
export const KEY_PATH_PLACEHOLDER = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\KEYFILE';

/** A machine key file path as the key-file check reports it (CAPI MachineKeys or CNG Keys), or null. */
export function commandKeyPath(path: string | null | undefined): string | null {
  if (!path) return null;
  return /^[A-Za-z]:\\[A-Za-z0-9 ._()\\-]{1,200}\\Microsoft\\Crypto\\(?:RSA\\MachineKeys|Keys)\\[0-9A-Za-z_-]{8,128}$/.test(path) ? path : null;
}

export function grantCertificateKeyRead(ctx: FixContext, keyPath: string | null): FixSuggestion {
  const file = psQuote(commandKeyPath(keyPath) ?? KEY_PATH_PLACEHOLDER);
  return fix(ctx, {
    ...fixText('grant-certificate-key-read'),
    commands: [ps('Show the permissions before', `icacls ${file}`), ps('Give NETWORK SERVICE read access', `icacls ${file} /grant '*S-1-5-20:(R)'`)],
  });
}

export function reimportCertificateKey(ctx: FixContext): FixSuggestion {
  const thumbprint = commandThumbprint(ctx.certificate?.sha1) ?? 'THUMBPRINT';
  return fix(ctx, {
    ...fixText('reimport-certificate-key'),
    commands: [
      ps('Link the certificate to its key again', `certutil -repairstore My ${thumbprint}`),
      ps('Import the certificate with its key', "Import-PfxCertificate -FilePath 'C:\\path\\to\\certificate.pfx' -CertStoreLocation 'Cert:\\LocalMachine\\My' -Password (Read-Host -AsSecureString 'PFX password')"),
    ],
  });
}
