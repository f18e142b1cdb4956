/**
 * Typed `data` of the Windows checks (electron/checks/windows produce exactly these), and the pure
 * decoders both the parsers and the rules use (security-centre product state, VPN adapter names,
 * Schannel switches, listener settings with Group Policy precedence, ACL rights).
 * Check ids are stable: they appear in the command line's JSON and in the reports.
 */
import { z } from 'zod';

export const WINDOWS_CHECK_IDS = {
  // client side (this computer, any target)
  clientFirewall: 'win-client-firewall',
  securitySuites: 'win-security-suites',
  credsspPolicy: 'win-credssp-policy',
  schannelClient: 'win-schannel-client',
  vpn: 'win-vpn',
  nicPower: 'win-nic-power',
  acceptedCertificate: 'win-accepted-cert',
  // server side (only when the target is this computer)
  rdpListener: 'win-rdp-listener',
  certStore: 'win-cert-store',
  keyFile: 'win-key-file',
  services: 'win-rdp-services',
  serverFirewall: 'win-server-firewall',
  schannelServer: 'win-schannel-server',
  events: 'win-rdp-events',
  portOwner: 'win-rdp-port-owner',
} as const;
export type WindowsCheckId = (typeof WINDOWS_CHECK_IDS)[keyof typeof WINDOWS_CHECK_IDS];

/** The one reason every Windows check gives elsewhere. */
export const NOT_WINDOWS_REASON = 'Not applicable on this system: this check reads Windows settings (runs on Windows only).';
export function serverOnlyReason(host: string): string {
  return `Runs on the server itself: start RDP Doctor on ${host} to check this`;
}

/** A part of a script that failed while the rest still ran (kind as the PowerShell runner classifies it). */
export const sectionProblemSchema = z.object({
  section: z.string(),
  kind: z.enum(['needs-administrator', 'cmdlet-not-available', 'not-found', 'failed']),
  message: z.string(),
});
export type SectionProblem = z.infer<typeof sectionProblemSchema>;
const problems = z.array(sectionProblemSchema);

export const FIREWALL_PROFILES = ['Domain', 'Private', 'Public'] as const;
export const firewallProfileNameSchema = z.enum(FIREWALL_PROFILES);
export type FirewallProfileName = z.infer<typeof firewallProfileNameSchema>;

export const firewallProfileSchema = z.object({
  name: firewallProfileNameSchema,
  /** null: not configured in this store. */
  enabled: z.boolean().nullable(),
  defaultInboundAction: z.enum(['Allow', 'Block', 'NotConfigured']).nullable(),
  defaultOutboundAction: z.enum(['Allow', 'Block', 'NotConfigured']).nullable(),
  /** "Block all incoming connections" switches this off (False). */
  allowInboundRules: z.boolean().nullable(),
  /** Group Policy "Apply local firewall rules: No" makes this False: rules made on this computer are ignored. */
  allowLocalFirewallRules: z.boolean().nullable().default(null),
});
export type FirewallProfile = z.infer<typeof firewallProfileSchema>;

export const firewallRuleSchema = z.object({
  /** Rule Name (stable, not localized), e.g. RemoteDesktop-UserMode-In-TCP. */
  name: z.string(),
  /** Localized display name, for people. */
  displayName: z.string(),
  /** Group as stored (e.g. "@FirewallAPI.dll,-28752" for Remote Desktop): not localized. */
  group: z.string(),
  enabled: z.boolean(),
  direction: z.enum(['Inbound', 'Outbound']),
  action: z.enum(['Allow', 'Block', 'Bypass']),
  /** Domain/Private/Public; all three for "Any". */
  profiles: z.array(firewallProfileNameSchema),
  /** "Any" or a path (may contain %SystemRoot%). */
  program: z.string(),
  /** "Any", "TCP", "UDP" or a protocol number as text. */
  protocol: z.string(),
  localPorts: z.array(z.string()),
  remotePorts: z.array(z.string()),
  remoteAddresses: z.array(z.string()),
  /** Local, GroupPolicy, Dynamic, ... (PolicyStoreSourceType). */
  source: z.string(),
});
export type FirewallRule = z.infer<typeof firewallRuleSchema>;

// ---- client side ------------------------------------------------------------------------------

export const clientFirewallDataSchema = z.object({
  targetPort: z.number(),
  profiles: z.array(firewallProfileSchema),
  /** Profiles of the networks this computer is connected to right now (empty: unknown). */
  activeProfiles: z.array(firewallProfileNameSchema),
  /** Enabled outbound Block rules that stop mstsc.exe or the target port (TCP or UDP). */
  blockingRules: z.array(
    firewallRuleSchema.extend({
      matchedBy: z.enum(['program', 'port', 'all-traffic']),
      /** Limited to some remote addresses: may or may not hit the target. */
      scopedToAddresses: z.boolean(),
      /** Applies to a network profile in use now; null when the profiles in use are unknown. */
      appliesToActiveProfile: z.boolean().nullable(),
    }),
  ),
  /** Enabled outbound Allow rules for mstsc.exe or the port (matter when a profile blocks outbound by default). */
  allowRules: z.array(firewallRuleSchema),
  /** Profiles whose default outbound action is Block with no allow rule for mstsc or the port. */
  defaultBlockProfiles: z.array(firewallProfileNameSchema),
  rulesExamined: z.number(),
  problems,
});
export type ClientFirewallData = z.infer<typeof clientFirewallDataSchema>;

export const securityProductSchema = z.object({
  kind: z.enum(['antivirus', 'firewall']),
  displayName: z.string(),
  productState: z.number(),
  /** productState as 0xXXXXXX. */
  stateHex: z.string(),
  /** Decoded from productState (undocumented layout, see decodeProductState): null when unknown. */
  enabled: z.boolean().nullable(),
  upToDate: z.boolean().nullable(),
  /** Microsoft Defender / Windows Firewall themselves. */
  builtIn: z.boolean(),
  /** Known third-party suite that can inspect TLS or filter RDP traffic. */
  vendor: z.string().nullable(),
  mayFilterRdp: z.boolean(),
  path: z.string().nullable(),
});
export type SecurityProduct = z.infer<typeof securityProductSchema>;

export const securitySuitesDataSchema = z.object({
  /** root\SecurityCenter2 exists (not on Windows Server). */
  securityCenterAvailable: z.boolean(),
  products: z.array(securityProductSchema),
  problems,
});
export type SecuritySuitesData = z.infer<typeof securitySuitesDataSchema>;

export const CREDSSP_POLICY_PATH = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\CredSSP\\Parameters';
export const credsspPolicyDataSchema = z.object({
  registryPath: z.string(),
  /** AllowEncryptionOracle: 0 force updated clients, 1 mitigated, 2 vulnerable; null not set (behaves as 1). */
  allowEncryptionOracle: z.number().nullable(),
  meaning: z.enum(['force-updated-clients', 'mitigated', 'vulnerable', 'not-set', 'unknown']),
  problems,
});
export type CredsspPolicyData = z.infer<typeof credsspPolicyDataSchema>;

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
  problems,
});
export type SchannelData = z.infer<typeof schannelDataSchema>;

export const vpnAdapterSchema = z.object({
  name: z.string(),
  interfaceDescription: z.string(),
  status: z.string(),
  ifIndex: z.number().nullable(),
  /** IANA ifType: 23 PPP, 53 propVirtual, 6 ethernet, 71 wifi ... */
  ifType: z.number().nullable(),
  isVpn: z.boolean(),
  /** Which VPN we recognised (Cisco AnyConnect, GlobalProtect ...), or "PPP / Windows VPN". */
  vpnProduct: z.string().nullable(),
  /** This adapter carries a default route (0.0.0.0/0 or ::/0): all traffic may go through it. */
  carriesDefaultRoute: z.boolean(),
});
export const vpnConnectionSchema = z.object({
  name: z.string(),
  serverAddress: z.string(),
  status: z.string(),
  splitTunneling: z.boolean().nullable(),
  tunnelType: z.string().nullable(),
  allUsers: z.boolean(),
});
export const vpnDataSchema = z.object({
  adapters: z.array(vpnAdapterSchema),
  connections: z.array(vpnConnectionSchema),
  /** A VPN adapter is up or a Windows VPN connection is connected. */
  vpnActive: z.boolean(),
  activeVpnNames: z.array(z.string()),
  problems,
});
export type VpnData = z.infer<typeof vpnDataSchema>;

export const NET_CLASS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}';
export const nicPowerAdapterSchema = z.object({
  name: z.string(),
  interfaceDescription: z.string(),
  interfaceGuid: z.string().nullable(),
  mediaType: z.string().nullable(),
  linkSpeed: z.string().nullable(),
  carriesDefaultRoute: z.boolean(),
  /** NNNN under the network adapter class key. */
  classSubkey: z.string().nullable(),
  /** PnPCapabilities value (24 = the computer may not turn the device off); null not set. */
  pnpCapabilities: z.number().nullable(),
  /** Get-NetAdapterPowerManagement: Enabled / Disabled / Unsupported; null unreadable. */
  allowComputerToTurnOffDevice: z.string().nullable(),
  /** Windows may power the adapter down to save energy: null when it could not be read. */
  powerSavingAllowed: z.boolean().nullable(),
});
export const nicPowerDataSchema = z.object({
  adapters: z.array(nicPowerAdapterSchema),
  problems,
});
export type NicPowerData = z.infer<typeof nicPowerDataSchema>;

export const acceptedCertificateDataSchema = z.object({
  host: z.string(),
  registryPath: z.string(),
  /** The Servers\<name> entries that match the target (host, host:port). */
  entries: z.array(z.object({ name: z.string(), certHash: z.string().nullable(), usernameHint: z.string().nullable() })),
  problems,
});
export type AcceptedCertificateData = z.infer<typeof acceptedCertificateDataSchema>;

// ---- server side ------------------------------------------------------------------------------

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
  problems,
});
export type ListenerSettingsData = z.infer<typeof listenerSettingsDataSchema>;

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
  problems,
});
export type CertStoreData = z.infer<typeof certStoreDataSchema>;

export const SELF_SIGNED_KEY_PREFIX = 'f686aace6942fb7f7ceb231212eef4a4';
export const MACHINE_KEYS_DIR = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
export const WELL_KNOWN_SIDS = {
  system: 'S-1-5-18',
  networkService: 'S-1-5-20',
  localService: 'S-1-5-19',
  administrators: 'S-1-5-32-544',
  users: 'S-1-5-32-545',
  everyone: 'S-1-1-0',
  authenticatedUsers: 'S-1-5-11',
} as const;

export const aclEntrySchema = z.object({
  sid: z.string(),
  /** Localized account name when it could be translated (display only). */
  account: z.string().nullable(),
  rights: z.string(),
  /** FileSystemRights as an unsigned 32-bit number. */
  mask: z.number(),
  type: z.enum(['Allow', 'Deny']),
  inherited: z.boolean(),
});
export type AclEntry = z.infer<typeof aclEntrySchema>;

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
  problems,
});
export type KeyFileData = z.infer<typeof keyFileDataSchema>;

/** What listens on the Remote Desktop port: each listening socket, its process and the services in it. */
export const portListenerSchema = z.object({
  localAddress: z.string(),
  localPort: z.number().int(),
  processId: z.number().int(),
  processName: z.string().nullable(),
  services: z.array(z.string()),
  /** The process hosts Remote Desktop Services (TermService). */
  termService: z.boolean(),
});
export type PortListener = z.infer<typeof portListenerSchema>;
export const portOwnerDataSchema = z.object({ listenerPort: z.number().int(), listeners: z.array(portListenerSchema), termServiceListens: z.boolean(), problems });
export type PortOwnerData = z.infer<typeof portOwnerDataSchema>;

/** Windows Home's EditionIDs (Core, CoreN, CoreSingleLanguage, CoreCountrySpecific): it cannot host Remote Desktop. */
export function isHomeEdition(editionId: string | null): boolean {
  return editionId !== null && /^Core(N|SingleLanguage|CountrySpecific)?$/i.test(editionId.trim());
}

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
export const servicesDataSchema = z.object({ services: z.array(serviceStateSchema), problems });
export type ServicesData = z.infer<typeof servicesDataSchema>;

export const REMOTE_DESKTOP_FIREWALL_GROUP = '@FirewallAPI.dll,-28752';
export const REMOTE_DESKTOP_RULE_NAMES = ['RemoteDesktop-UserMode-In-TCP', 'RemoteDesktop-UserMode-In-UDP'] as const;

export const serverFirewallDataSchema = z.object({
  /** The listener's PortNumber (3389 when not set). */
  listenerPort: z.number(),
  profiles: z.array(firewallProfileSchema),
  /** Profiles of the networks this computer is connected to right now. */
  activeProfiles: z.array(firewallProfileNameSchema),
  /** Rules of the Remote Desktop group (by group id, not the localized name) and RemoteDesktop-* names. */
  remoteDesktopRules: z.array(firewallRuleSchema),
  /** Other inbound rules whose local port covers the listener port. */
  portRules: z.array(firewallRuleSchema),
  /** Per profile: an enabled inbound Allow rule covers TCP listenerPort, and no enabled Block rule does. */
  coverage: z.array(
    z.object({
      profile: firewallProfileNameSchema,
      firewallOn: z.boolean().nullable(),
      allowedBy: z.array(z.string()),
      blockedBy: z.array(z.string()),
      open: z.boolean(),
      /** Local allow rules that would have opened it, ignored because a policy ignores local rules. */
      localIgnored: z.array(z.string()).default([]),
    }),
  ),
  problems,
});
export type ServerFirewallData = z.infer<typeof serverFirewallDataSchema>;

export const WATCHED_EVENTS = [
  // 1006: a flood of incomplete connections; 1012: a client exceeded the failed logon attempts;
  // 1061-1065: the certificate from a Group Policy certificate template (rules/templateCertificate.ts) (11.14).
  { provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', ids: [1006, 1012, 1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058, 1059, 1061, 1062, 1063, 1064, 1065] },
  // 36872: no suitable default server credential (no usable certificate) (11.14).
  { provider: 'Schannel', ids: [36870, 36871, 36872, 36874, 36887, 36888] },
] as const;

export const eventGroupSchema = z.object({
  provider: z.string(),
  id: z.number(),
  count: z.number(),
  latestTime: z.string().nullable(),
  latestMessage: z.string().nullable(),
  /** 36887/36888: TLS alert codes seen (first event property). */
  alertCodes: z.array(z.number()),
  /** Count reached the query's cap: there may be more. */
  capped: z.boolean(),
});
export type EventGroup = z.infer<typeof eventGroupSchema>;
export const eventsDataSchema = z.object({
  days: z.number(),
  since: z.string().nullable(),
  groups: z.array(eventGroupSchema),
  totalEvents: z.number(),
  problems,
});
export type EventsData = z.infer<typeof eventsDataSchema>;

// ---- pure decoders ----------------------------------------------------------------------------

/**
 * SecurityCenter2 productState. The layout is not documented by Microsoft (unconfirmed; widely
 * reverse-engineered): byte 2 = provider flags, byte 1 = scanner state (0x10 on, 0x11 on/snoozed,
 * 0x00 off, 0x01 snoozed), byte 0 = signatures (0x00 up to date, 0x10 out of date).
 */
export function decodeProductState(state: number): { enabled: boolean | null; upToDate: boolean | null; stateHex: string } {
  const s = Math.trunc(state) >>> 0;
  const stateHex = `0x${s.toString(16).toUpperCase().padStart(6, '0')}`;
  const scanner = (s >> 8) & 0xff;
  const signatures = s & 0xff;
  const enabled = scanner === 0x10 || scanner === 0x11 ? true : scanner === 0x00 || scanner === 0x01 ? false : null;
  const upToDate = signatures === 0x00 ? true : signatures === 0x10 ? false : null;
  return { enabled, upToDate, stateHex };
}

/** Third-party security suites known to inspect TLS ("HTTPS scanning") or filter network traffic. */
export const KNOWN_SECURITY_SUITES: readonly { vendor: string; pattern: RegExp }[] = [
  { vendor: 'Bitdefender', pattern: /bitdefender/i },
  { vendor: 'Kaspersky', pattern: /kaspersky/i },
  { vendor: 'ESET', pattern: /\beset\b|nod32/i },
  { vendor: 'Norton', pattern: /norton/i },
  { vendor: 'Symantec', pattern: /symantec/i },
  { vendor: 'McAfee', pattern: /mcafee|trellix/i },
  { vendor: 'Sophos', pattern: /sophos/i },
  { vendor: 'Avast', pattern: /avast/i },
  { vendor: 'AVG', pattern: /\bavg\b/i },
  { vendor: 'Avira', pattern: /avira/i },
  { vendor: 'Trend Micro', pattern: /trend ?micro|apex ?one|officescan/i },
  { vendor: 'Malwarebytes', pattern: /malwarebytes/i },
  { vendor: 'F-Secure', pattern: /f-secure|withsecure/i },
  { vendor: 'G DATA', pattern: /g ?data/i },
  { vendor: 'Panda', pattern: /panda/i },
  { vendor: 'Webroot', pattern: /webroot/i },
  { vendor: 'Comodo', pattern: /comodo/i },
  { vendor: 'Check Point', pattern: /check ?point|zonealarm/i },
  { vendor: 'Fortinet', pattern: /forti(client|net)/i },
  { vendor: 'Cisco', pattern: /cisco|amp for endpoints|secure endpoint/i },
  { vendor: 'SentinelOne', pattern: /sentinel ?one/i },
  { vendor: 'CrowdStrike', pattern: /crowdstrike|falcon/i },
  { vendor: 'Cylance', pattern: /cylance/i },
  { vendor: 'Emsisoft', pattern: /emsisoft/i },
  { vendor: 'Total AV', pattern: /total ?av\b/i },
  { vendor: '360', pattern: /360 ?(total|safe)/i },
];

export function isBuiltInSecurityProduct(displayName: string): boolean {
  return /windows defender|microsoft defender|windows firewall|microsoft windows firewall/i.test(displayName);
}

export function securitySuiteVendor(displayName: string): string | null {
  if (isBuiltInSecurityProduct(displayName)) return null;
  return KNOWN_SECURITY_SUITES.find((s) => s.pattern.test(displayName))?.vendor ?? null;
}

/** VPN adapters by driver description (InterfaceDescription). */
export const KNOWN_VPN_ADAPTERS: readonly { product: string; pattern: RegExp }[] = [
  { product: 'Cisco AnyConnect / Secure Client', pattern: /anyconnect|cisco (secure client|systems vpn)|cisco.*virtual miniport/i },
  { product: 'Palo Alto GlobalProtect', pattern: /pangp|globalprotect/i },
  { product: 'FortiClient', pattern: /fortinet|forticlient/i },
  { product: 'WireGuard', pattern: /wireguard/i },
  { product: 'OpenVPN', pattern: /tap-windows|tap-win32|openvpn|\btap adapter/i },
  { product: 'Wintun (WireGuard/OpenVPN/Tailscale)', pattern: /wintun/i },
  { product: 'Zscaler', pattern: /zscaler/i },
  { product: 'Pulse Secure / Ivanti', pattern: /juniper|pulse secure|ivanti/i },
  { product: 'Check Point', pattern: /check ?point/i },
  { product: 'SonicWall', pattern: /sonicwall|netextender/i },
  { product: 'Tailscale', pattern: /tailscale/i },
  { product: 'ZeroTier', pattern: /zerotier/i },
  { product: 'Hamachi', pattern: /hamachi/i },
  { product: 'NordVPN', pattern: /nordlynx|nordvpn/i },
  { product: 'ExpressVPN', pattern: /expressvpn/i },
  { product: 'Proton VPN', pattern: /proton ?vpn/i },
  { product: 'Cloudflare WARP', pattern: /cloudflare warp/i },
  { product: 'Citrix Secure Access', pattern: /citrix/i },
  { product: 'F5 BIG-IP Edge', pattern: /\bf5\b|big-ip/i },
  { product: 'Windows VPN (WAN Miniport)', pattern: /wan miniport \((ikev2|l2tp|pptp|sstp)\)/i },
];

/** Is this adapter a VPN tunnel? ifType 23 is PPP (the Windows VPN client). */
export function classifyVpnAdapter(interfaceDescription: string, ifType: number | null): string | null {
  const known = KNOWN_VPN_ADAPTERS.find((a) => a.pattern.test(interfaceDescription));
  if (known) return known.product;
  if (ifType === 23) return 'PPP / Windows VPN';
  return null;
}

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

export function credsspMeaning(value: number | null): CredsspPolicyData['meaning'] {
  if (value === null) return 'not-set';
  if (value === 0) return 'force-updated-clients';
  if (value === 1) return 'mitigated';
  if (value === 2) return 'vulnerable';
  return 'unknown';
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

// File rights bits (FileSystemRights / generic access rights).
const FILE_READ_DATA = 0x1;
const GENERIC_READ = 0x80000000;
const GENERIC_ALL = 0x10000000;
const FULL_CONTROL = 0x1f01ff;

/** SIDs whose Allow entries give NETWORK SERVICE access (it is a member of these). */
const NETWORK_SERVICE_GROUPS: readonly string[] = [
  WELL_KNOWN_SIDS.networkService,
  WELL_KNOWN_SIDS.everyone,
  WELL_KNOWN_SIDS.authenticatedUsers,
  WELL_KNOWN_SIDS.users,
];

function grantsRead(mask: number): boolean {
  const m = mask >>> 0;
  return (m & FILE_READ_DATA) !== 0 || (m & GENERIC_READ) !== 0 || (m & GENERIC_ALL) !== 0;
}

export function networkServiceCanRead(acl: readonly AclEntry[]): boolean {
  const relevant = acl.filter((a) => NETWORK_SERVICE_GROUPS.includes(a.sid.toUpperCase()));
  if (relevant.some((a) => a.type === 'Deny' && grantsRead(a.mask))) return false;
  return relevant.some((a) => a.type === 'Allow' && grantsRead(a.mask));
}

/** Windows' answers when a key container is missing or damaged (NTE_BAD_KEYSET, NTE_NO_KEY, NTE_BAD_KEY). */
export const KEY_MISSING_HRESULTS: readonly string[] = ['0x80090016', '0x8009000D', '0x80090003'];

/** The certificate's key is missing or damaged: opening it said "no such key", or its file is empty. */
export function keyMissing(data: { keyOpened: boolean | null; openError: { hresult: string | null } | null; length: number | null }): boolean {
  return (data.keyOpened === false && KEY_MISSING_HRESULTS.includes(data.openError?.hresult ?? '')) || data.length === 0;
}

// The MachineKeys folder (KB 278381): Everyone may list it and create files in it (each key file has
// its own ACL), Administrators have Full Control. Without that, Windows cannot make a new key.
const FILE_LIST_DIRECTORY = 0x1;
const FILE_ADD_FILE = 0x2;
const GENERIC_WRITE = 0x40000000;

/** What is wrong with the MachineKeys folder's ACL, in words; empty when it is as Windows needs it. */
export function machineKeysFolderProblems(acl: readonly AclEntry[]): string[] {
  const groups = NETWORK_SERVICE_GROUPS;
  const relevant = acl.filter((a) => groups.includes(a.sid.toUpperCase()));
  const has = (bit: number, type: 'Allow' | 'Deny') => relevant.some((a) => a.type === type && (((a.mask >>> 0) & bit) !== 0 || ((a.mask >>> 0) & GENERIC_ALL) !== 0 || (bit === FILE_ADD_FILE && ((a.mask >>> 0) & GENERIC_WRITE) !== 0) || (bit === FILE_LIST_DIRECTORY && ((a.mask >>> 0) & GENERIC_READ) !== 0)));
  const problems: string[] = [];
  if (has(FILE_LIST_DIRECTORY, 'Deny') || !has(FILE_LIST_DIRECTORY, 'Allow')) problems.push('Everyone (and so NETWORK SERVICE) cannot list the folder');
  if (has(FILE_ADD_FILE, 'Deny') || !has(FILE_ADD_FILE, 'Allow')) problems.push('Everyone (and so NETWORK SERVICE) cannot create key files in it');
  if (!hasFullControl(acl, WELL_KNOWN_SIDS.administrators)) problems.push('Administrators do not have Full Control');
  return problems;
}

export function hasFullControl(acl: readonly AclEntry[], sid: string): boolean {
  const entries = acl.filter((a) => a.sid.toUpperCase() === sid);
  if (entries.some((a) => a.type === 'Deny')) return false;
  return entries.some((a) => a.type === 'Allow' && (((a.mask >>> 0) & FULL_CONTROL) === FULL_CONTROL || ((a.mask >>> 0) & GENERIC_ALL) !== 0));
}

/** Does a firewall port list ("Any", "3389", "1000-2000", "RPC" ...) cover this port? */
export function portListCovers(ports: readonly string[], port: number): boolean {
  for (const raw of ports) {
    const p = raw.trim();
    if (p.toLowerCase() === 'any') return true;
    for (const part of p.split(',')) {
      const range = /^(\d+)\s*-\s*(\d+)$/.exec(part.trim());
      if (range) {
        if (Number(range[1]) <= port && port <= Number(range[2])) return true;
      } else if (/^\d+$/.test(part.trim()) && Number(part.trim()) === port) {
        return true;
      }
    }
  }
  return false;
}

/** TCP (6), UDP (17) or Any. */
export function protocolCovers(protocol: string, which: 'TCP' | 'UDP'): boolean {
  const p = protocol.trim().toUpperCase();
  return p === 'ANY' || p === which || (which === 'TCP' && p === '6') || (which === 'UDP' && p === '17');
}
