/**
 * The Remote Desktop listener's settings (registry, Group Policy, WMI) and the Windows edition, with
 * what is in force when they disagree.
 */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const TERMINAL_SERVER_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
export const LISTENER_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
export const TS_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';

export const listenerValuesSchema = z.object({
  fDenyTSConnections: z.number().nullable(),
  portNumber: z.number().nullable(),
  userAuthentication: z.number().nullable(),
  securityLayer: z.number().nullable(),
  minEncryptionLevel: z.number().nullable(),
});
export type ListenerValues = z.infer<typeof listenerValuesSchema>;

export const settingSourceSchema = z.enum(['policy', 'listener', 'wmi', 'default']);
export const listenerSettingsDataSchema = z.object({
  /** Terminal Server + WinStations\RDP-Tcp values (fDenyTSConnections from the Terminal Server key). */
  registry: listenerValuesSchema.extend({ sslCertificateSha1Hash: z.string().nullable() }),
  /** Group Policy copies (null: not set by policy). PortNumber has no policy. */
  policy: listenerValuesSchema.omit({ portNumber: true }),
  /** Win32_TSGeneralSetting (TerminalName='RDP-Tcp') and Win32_TerminalServiceSetting; null when unreadable. */
  wmi: z
    .object({
      securityLayer: z.number().nullable(),
      userAuthenticationRequired: z.number().nullable(),
      minEncryptionLevel: z.number().nullable(),
      sslCertificateSha1Hash: z.string().nullable(),
      allowTsConnections: z.number().nullable(),
    })
    .nullable(),
  /** HKLM\...\Windows NT\CurrentVersion: EditionID (Core* = Home, which cannot host Remote Desktop). */
  edition: z.object({ editionId: z.string().nullable(), productName: z.string().nullable(), build: z.number().nullable(), home: z.boolean() }).nullable().default(null),
  /** What is in force: policy wins over the listener; WMI reports the live value. */
  effective: z.object({
    rdpEnabled: z.boolean(),
    rdpEnabledSource: settingSourceSchema,
    port: z.number(),
    nlaRequired: z.boolean().nullable(),
    nlaSource: settingSourceSchema,
    securityLayer: z.number().nullable(),
    securityLayerSource: settingSourceSchema,
    minEncryptionLevel: z.number().nullable(),
    minEncryptionLevelSource: settingSourceSchema,
  }),
  /** Settings where a policy overrides a different listener value (the System Properties switch has no effect). */
  policyOverrides: z.array(z.object({ setting: z.string(), listener: z.number().nullable(), policy: z.number() })),
  /** Where WMI's live value differs from what the registry says should be in force. */
  wmiMismatches: z.array(z.object({ setting: z.string(), registry: z.number().nullable(), wmi: z.number().nullable() })),
  problems: sectionProblemsSchema,
});
export type ListenerSettingsData = z.infer<typeof listenerSettingsDataSchema>;

/** Windows Home's EditionIDs (Core, CoreN, CoreSingleLanguage, CoreCountrySpecific): it cannot host Remote Desktop. */
export function isHomeEdition(editionId: string | null): boolean {
  return editionId !== null && /^Core(N|SingleLanguage|CountrySpecific)?$/i.test(editionId.trim());
}

/** Listener settings in force: a Group Policy value wins over the listener's; then WMI's live value; then the default. */
export function effectiveListener(
  registry: ListenerValues,
  policy: Omit<ListenerValues, 'portNumber'>,
  wmi: ListenerSettingsData['wmi'],
): { effective: ListenerSettingsData['effective']; policyOverrides: ListenerSettingsData['policyOverrides']; wmiMismatches: ListenerSettingsData['wmiMismatches'] } {
  type Src = z.infer<typeof settingSourceSchema>;
  const pick = (policyValue: number | null, listenerValue: number | null, wmiValue: number | null | undefined): { value: number | null; source: Src } => {
    if (policyValue !== null) return { value: policyValue, source: 'policy' };
    if (listenerValue !== null) return { value: listenerValue, source: 'listener' };
    if (wmiValue !== null && wmiValue !== undefined) return { value: wmiValue, source: 'wmi' };
    return { value: null, source: 'default' };
  };
  const deny = pick(policy.fDenyTSConnections, registry.fDenyTSConnections, wmi?.allowTsConnections === null || wmi?.allowTsConnections === undefined ? null : wmi.allowTsConnections === 1 ? 0 : 1);
  const nla = pick(policy.userAuthentication, registry.userAuthentication, wmi?.userAuthenticationRequired);
  const layer = pick(policy.securityLayer, registry.securityLayer, wmi?.securityLayer);
  const enc = pick(policy.minEncryptionLevel, registry.minEncryptionLevel, wmi?.minEncryptionLevel);
  const policyOverrides: ListenerSettingsData['policyOverrides'] = [];
  const override = (setting: string, listenerValue: number | null, policyValue: number | null) => {
    if (policyValue !== null && listenerValue !== policyValue) policyOverrides.push({ setting, listener: listenerValue, policy: policyValue });
  };
  override('fDenyTSConnections', registry.fDenyTSConnections, policy.fDenyTSConnections);
  override('UserAuthentication', registry.userAuthentication, policy.userAuthentication);
  override('SecurityLayer', registry.securityLayer, policy.securityLayer);
  override('MinEncryptionLevel', registry.minEncryptionLevel, policy.minEncryptionLevel);
  const wmiMismatches: ListenerSettingsData['wmiMismatches'] = [];
  if (wmi) {
    const mismatch = (setting: string, expected: number | null, live: number | null) => {
      if (expected !== null && live !== null && expected !== live) wmiMismatches.push({ setting, registry: expected, wmi: live });
    };
    mismatch('UserAuthentication', nla.source === 'wmi' ? null : nla.value, wmi.userAuthenticationRequired);
    mismatch('SecurityLayer', layer.source === 'wmi' ? null : layer.value, wmi.securityLayer);
    mismatch('MinEncryptionLevel', enc.source === 'wmi' ? null : enc.value, wmi.minEncryptionLevel);
  }
  return {
    effective: {
      // fDenyTSConnections is 1 on a fresh install: RDP is off unless something turned it on.
      rdpEnabled: deny.value === 0,
      rdpEnabledSource: deny.source,
      port: registry.portNumber ?? 3389,
      nlaRequired: nla.value === null ? null : nla.value !== 0,
      nlaSource: nla.source,
      securityLayer: layer.value,
      securityLayerSource: layer.source,
      minEncryptionLevel: enc.value,
      minEncryptionLevelSource: enc.source,
    },
    policyOverrides,
    wmiMismatches,
  };
}

export const SECURITY_LAYER_NAMES: Record<number, string> = { 0: 'RDP (standard RDP security, no TLS)', 1: 'Negotiate', 2: 'SSL (TLS)' };
export const ENCRYPTION_LEVEL_NAMES: Record<number, string> = { 1: 'Low', 2: 'Client compatible', 3: 'High', 4: 'FIPS compliant' };
