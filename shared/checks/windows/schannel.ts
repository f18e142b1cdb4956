/** Schannel's protocol switches (client or server side), the FIPS and cipher-suite policies, and what Windows makes of them. */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const SCHANNEL_PROTOCOLS = ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'] as const;
export const schannelProtocolNameSchema = z.enum(SCHANNEL_PROTOCOLS);
export type SchannelProtocolName = z.infer<typeof schannelProtocolNameSchema>;
export const SCHANNEL_PATH = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';

export const schannelProtocolSchema = z.object({
  protocol: schannelProtocolNameSchema,
  /** Registry values as found (null: not set). */
  enabled: z.number().nullable(),
  disabledByDefault: z.number().nullable(),
  /** What the switches say: disabled (Enabled=0), disabled-by-default (only used when a program asks), enabled, os-default (not configured). */
  effective: z.enum(['enabled', 'disabled', 'disabled-by-default', 'os-default']),
});
export type SchannelProtocol = z.infer<typeof schannelProtocolSchema>;

export const osInfoSchema = z.object({
  build: z.number().nullable(),
  productName: z.string().nullable(),
  /** Client, Server, Server Core. */
  installationType: z.string().nullable(),
});
export type OsInfo = z.infer<typeof osInfoSchema>;

export const schannelDataSchema = z.object({
  side: z.enum(['Client', 'Server']),
  registryPath: z.string(),
  protocols: z.array(schannelProtocolSchema),
  /** TLS 1.2 (or 1.3) usable by default. */
  modernTlsUsable: z.boolean(),
  /** HKLM\SYSTEM\CurrentControlSet\Control\Lsa\FIPSAlgorithmPolicy\Enabled (server check only; null not set). */
  fipsPolicy: z.number().nullable(),
  /** Group Policy's SSL cipher-suite order (HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002\Functions); null: not set. */
  cipherSuitePolicy: z.array(z.string()).nullable().default(null),
  os: osInfoSchema,
  problems: sectionProblemsSchema,
});
export type SchannelData = z.infer<typeof schannelDataSchema>;

/** Schannel switches as Windows reads them. */
export function schannelEffective(enabled: number | null, disabledByDefault: number | null): SchannelProtocol['effective'] {
  if (enabled === 0) return 'disabled';
  if (disabledByDefault !== null && disabledByDefault !== 0) return 'disabled-by-default';
  if (enabled !== null) return 'enabled';
  return 'os-default';
}

/** Whether a protocol left at its default is on, by build (Windows 8.1+/2012 R2+: TLS 1.2; 1.3 from build 20348). */
export function protocolOnByDefault(protocol: SchannelProtocolName, build: number | null): boolean | null {
  switch (protocol) {
    case 'SSL 2.0':
    case 'SSL 3.0':
      return false;
    case 'TLS 1.2':
      return build === null ? true : build >= 9600;
    case 'TLS 1.3':
      return build === null ? null : build >= 20348;
    case 'TLS 1.0':
    case 'TLS 1.1':
      // Being switched off by default in the newest releases (unconfirmed per build): unknown there.
      return build === null || build < 26100 ? true : null;
  }
}

export function modernTlsUsable(protocols: readonly SchannelProtocol[], build: number | null): boolean {
  return protocols.some((p) => {
    if (p.protocol !== 'TLS 1.2' && p.protocol !== 'TLS 1.3') return false;
    if (p.effective === 'enabled') return true;
    if (p.effective === 'os-default') return protocolOnByDefault(p.protocol, build) !== false;
    return false;
  });
}
