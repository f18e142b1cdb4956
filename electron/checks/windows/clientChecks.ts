/**
 * Client-side Windows checks: this computer, whatever the target. Each is a fixed script
 * (scripts.ts), a parser of its JSON into the shared data schema, and a judgement.
 */
import { acceptedCertificateDataSchema, type AcceptedCertificateData } from '../../../shared/checks/windows/acceptedCertificate';
import { CREDSSP_POLICY_PATH, credsspMeaning, credsspPolicyDataSchema, type CredsspPolicyData } from '../../../shared/checks/windows/credssp';
import { clientFirewallDataSchema, portListCovers, protocolCovers, type ClientFirewallData, type FirewallProfileName, type FirewallRule } from '../../../shared/checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../../shared/checks/windows/ids';
import { nicPowerDataSchema, type NicPowerData } from '../../../shared/checks/windows/nicPower';
import { SCHANNEL_PATH, SCHANNEL_PROTOCOLS, modernTlsUsable, schannelDataSchema, schannelEffective, type SchannelData } from '../../../shared/checks/windows/schannel';
import { decodeProductState, isBuiltInSecurityProduct, securitySuiteVendor, securitySuitesDataSchema, type SecurityProduct, type SecuritySuitesData } from '../../../shared/checks/windows/securitySuites';
import { classifyVpnAdapter, vpnDataSchema, type VpnData } from '../../../shared/checks/windows/vpn';
import type { WindowsCheckSpec } from './check';
import { asArray, asRecords, bool, hex, isRecord, num, parseProfiles, parseRules, problemsOf, profileNames, str, text, type Json } from './normalize';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function isMstscProgram(program: string): boolean {
  return /(^|[\\/])mstsc\.exe$/i.test(program.trim());
}

/** NetworkCategory (DomainAuthenticated / Private / Public, or 2 / 1 / 0) → firewall profile names. */
export function activeProfileNames(value: unknown): FirewallProfileName[] {
  const out = new Set<FirewallProfileName>();
  for (const v of Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]) {
    const s = text(v).toLowerCase();
    if (s === 'domainauthenticated' || s === '2' || s === 'domain') out.add('Domain');
    else if (s === 'private' || s === '1') out.add('Private');
    else if (s === 'public' || s === '0') out.add('Public');
  }
  return [...out];
}

// ---- outbound firewall --------------------------------------------------------------------------

export function matchBlockingRule(rule: FirewallRule, port: number): ClientFirewallData['blockingRules'][number]['matchedBy'] | null {
  if (!rule.enabled || rule.direction !== 'Outbound' || rule.action !== 'Block') return null;
  const tcpOrUdp = protocolCovers(rule.protocol, 'TCP') || protocolCovers(rule.protocol, 'UDP');
  if (!tcpOrUdp) return null;
  const anyProgram = rule.program.trim().toLowerCase() === 'any';
  const anyPort = rule.remotePorts.some((p) => p.trim().toLowerCase() === 'any');
  const portHit = portListCovers(rule.remotePorts, port);
  if (isMstscProgram(rule.program) && portHit) return 'program';
  if (anyProgram && portHit && !anyPort) return 'port';
  if (anyProgram && anyPort) return 'all-traffic';
  return null;
}

export const clientFirewallCheck: WindowsCheckSpec<ClientFirewallData> = {
  id: WINDOWS_CHECK_IDS.clientFirewall,
  step: 'reachability',
  label: 'Windows Firewall: outbound rules for Remote Desktop',
  side: 'client',
  scriptId: 'client-firewall',
  input: (target) => ({ port: target.port }),
  timeoutMs: 60_000,
  schema: clientFirewallDataSchema,
  essential: ['block-rules'],
  parse(raw, ctx) {
    const port = num(raw.targetPort) ?? ctx.target.port;
    const profiles = parseProfiles(raw.profiles);
    const activeProfiles = activeProfileNames(raw.activeProfiles);
    const candidates = parseRules(raw.blockRules);
    const blockingRules = candidates.flatMap((rule) => {
      const matchedBy = matchBlockingRule(rule, port);
      if (!matchedBy) return [];
      return [
        {
          ...rule,
          matchedBy,
          scopedToAddresses: !rule.remoteAddresses.every((a) => a.trim().toLowerCase() === 'any'),
          appliesToActiveProfile: activeProfiles.length === 0 ? null : rule.profiles.some((p) => activeProfiles.includes(p)),
        },
      ];
    });
    const allowRules = parseRules(raw.allowRules).filter((r) => r.enabled && r.direction === 'Outbound' && r.action === 'Allow');
    const allows = (profile: FirewallProfileName) =>
      allowRules.some((r) => r.profiles.includes(profile) && (isMstscProgram(r.program) || (r.program.toLowerCase() === 'any' && protocolCovers(r.protocol, 'TCP') && portListCovers(r.remotePorts, port))));
    const defaultBlockProfiles = profiles.filter((p) => p.enabled !== false && p.defaultOutboundAction === 'Block' && !allows(p.name)).map((p) => p.name);
    return { targetPort: port, profiles, activeProfiles, blockingRules, allowRules, defaultBlockProfiles, rulesExamined: candidates.length, problems: problemsOf(raw) };
  },
  judge(data) {
    const definite = data.blockingRules.filter((r) => !r.scopedToAddresses && r.appliesToActiveProfile !== false);
    const activeDefaultBlock = data.defaultBlockProfiles.filter((p) => data.activeProfiles.length === 0 || data.activeProfiles.includes(p));
    if (definite.length > 0 || activeDefaultBlock.length > 0) {
      const names = definite.map((r) => `"${r.displayName}"`).slice(0, 3);
      const parts = [
        ...(names.length > 0 ? [`${plural(definite.length, 'outbound block rule')} stop Remote Desktop (${names.join(', ')})`] : []),
        ...(activeDefaultBlock.length > 0 ? [`outbound traffic is blocked by default on the ${activeDefaultBlock.join('/')} profile with no rule allowing mstsc`] : []),
      ];
      return { status: 'fail', summary: `Windows Firewall on this computer: ${parts.join('; ')}.` };
    }
    if (data.blockingRules.length > 0 || data.defaultBlockProfiles.length > 0) {
      return { status: 'warn', summary: `${plural(data.blockingRules.length, 'outbound block rule')} may affect Remote Desktop (limited to some addresses or to a network profile not in use now).` };
    }
    return { status: 'pass', summary: `No outbound firewall rule on this computer blocks mstsc.exe or port ${data.targetPort}.` };
  },
};

// ---- security suites ------------------------------------------------------------------------------

export function parseSecurityProduct(raw: Json): SecurityProduct | null {
  const displayName = str(raw.displayName);
  if (!displayName) return null;
  const kindText = text(raw.kind).toLowerCase();
  const productState = num(raw.productState) ?? 0;
  const decoded = decodeProductState(productState);
  const vendor = securitySuiteVendor(displayName);
  return {
    kind: kindText.includes('firewall') ? 'firewall' : 'antivirus',
    displayName,
    productState,
    stateHex: decoded.stateHex,
    enabled: decoded.enabled,
    upToDate: decoded.upToDate,
    builtIn: isBuiltInSecurityProduct(displayName),
    vendor,
    mayFilterRdp: vendor !== null && decoded.enabled !== false,
    path: str(raw.path) || null,
  };
}

export const securitySuitesCheck: WindowsCheckSpec<SecuritySuitesData> = {
  id: WINDOWS_CHECK_IDS.securitySuites,
  step: 'reachability',
  label: 'Security suites that can filter Remote Desktop',
  side: 'client',
  scriptId: 'security-suites',
  input: () => ({}),
  schema: securitySuitesDataSchema,
  essential: ['AntiVirusProduct'],
  parse(raw) {
    const products = asRecords(raw.products)
      .map(parseSecurityProduct)
      .filter((p): p is SecurityProduct => p !== null);
    return { securityCenterAvailable: bool(raw.available) ?? true, products, problems: problemsOf(raw) };
  },
  judge(data) {
    if (!data.securityCenterAvailable) {
      const reason = 'Windows Security Center is not available on this edition (Windows Server has none), so installed security suites cannot be listed here.';
      return { status: 'skipped', summary: `Not checked: ${reason}`, reason };
    }
    const suspects = data.products.filter((p) => p.mayFilterRdp);
    if (suspects.length > 0) {
      const names = [...new Set(suspects.map((p) => p.displayName))];
      return { status: 'warn', summary: `Security software that can inspect or filter encrypted connections is active: ${names.join(', ')}.` };
    }
    const names = [...new Set(data.products.map((p) => p.displayName))];
    return { status: 'pass', summary: names.length > 0 ? `Security software found: ${names.join(', ')} (not known to filter Remote Desktop).` : 'No security suite registered with Windows Security Center.' };
  },
};

// ---- CredSSP oracle remediation -------------------------------------------------------------------

export const credsspPolicyCheck: WindowsCheckSpec<CredsspPolicyData> = {
  id: WINDOWS_CHECK_IDS.credsspPolicy,
  step: 'security',
  label: 'CredSSP encryption oracle policy',
  side: 'client',
  scriptId: 'credssp-policy',
  input: () => ({}),
  schema: credsspPolicyDataSchema,
  essential: ['AllowEncryptionOracle'],
  parse(raw) {
    const value = num(raw.allowEncryptionOracle);
    return { registryPath: CREDSSP_POLICY_PATH, allowEncryptionOracle: value, meaning: credsspMeaning(value), problems: problemsOf(raw) };
  },
  judge(data) {
    switch (data.meaning) {
      case 'force-updated-clients':
        return { status: 'warn', summary: 'CredSSP policy "Force Updated Clients" (AllowEncryptionOracle=0): this computer refuses servers that lack the 2018 CredSSP update.' };
      case 'vulnerable':
        return { status: 'warn', summary: 'CredSSP policy "Vulnerable" (AllowEncryptionOracle=2): connections to unpatched servers are allowed, which is insecure.' };
      case 'unknown':
        return { status: 'warn', summary: `CredSSP policy has an unexpected value (AllowEncryptionOracle=${data.allowEncryptionOracle}).` };
      case 'mitigated':
        return { status: 'pass', summary: 'CredSSP policy "Mitigated" (AllowEncryptionOracle=1), the default.' };
      case 'not-set':
        return { status: 'pass', summary: 'No CredSSP policy set: Windows uses "Mitigated", the default.' };
    }
  },
};

// ---- Schannel protocol switches -------------------------------------------------------------------

export function parseSchannel(raw: Json, side: 'Client' | 'Server'): SchannelData {
  const rows = asRecords(raw.protocols).filter((r) => text(r.side).toLowerCase() === side.toLowerCase());
  const os = isRecord(raw.os) ? raw.os : {};
  const build = num(os.build);
  const protocols = SCHANNEL_PROTOCOLS.map((protocol) => {
    const row = rows.find((r) => text(r.protocol) === protocol);
    const enabled = row ? num(row.enabled) : null;
    const disabledByDefault = row ? num(row.disabledByDefault) : null;
    return { protocol, enabled, disabledByDefault, effective: schannelEffective(enabled, disabledByDefault) };
  });
  return {
    side,
    registryPath: SCHANNEL_PATH,
    protocols,
    modernTlsUsable: modernTlsUsable(protocols, build),
    fipsPolicy: side === 'Server' ? num(raw.fips) : null,
    // REG_SZ "A,B,C" or REG_MULTI_SZ (an array, or one bare string from ConvertTo-Json).
    cipherSuitePolicy: raw.cipherSuitePolicy === null || raw.cipherSuitePolicy === undefined ? null : asArray(raw.cipherSuitePolicy).flatMap((v) => text(v).split(',')).map((v) => v.trim()).filter(Boolean),
    os: { build, productName: str(os.productName), installationType: str(os.installationType) },
    problems: problemsOf(raw),
  };
}

export function judgeSchannel(data: SchannelData): { status: 'pass' | 'warn' | 'fail'; summary: string } {
  const who = data.side === 'Client' ? 'this computer (as a client)' : 'this computer (as the Remote Desktop server)';
  const off = data.protocols.filter((p) => p.protocol.startsWith('TLS') && (p.effective === 'disabled' || p.effective === 'disabled-by-default')).map((p) => p.protocol);
  if (!data.modernTlsUsable) return { status: 'fail', summary: `TLS 1.2 is switched off for ${who} in the Schannel registry settings (${off.join(', ') || 'no TLS version enabled'}).` };
  const tls12 = data.protocols.find((p) => p.protocol === 'TLS 1.2');
  if (tls12 && (tls12.effective === 'disabled' || tls12.effective === 'disabled-by-default')) {
    return { status: 'warn', summary: `TLS 1.2 is switched off for ${who}; only TLS 1.3 remains, which older Remote Desktop peers cannot use.` };
  }
  const fips = data.fipsPolicy === 1 ? ' FIPS mode is on.' : '';
  return { status: 'pass', summary: off.length > 0 ? `TLS 1.2 is available for ${who}; switched off: ${off.join(', ')}.${fips}` : `TLS 1.2 is available for ${who}.${fips}` };
}

export const schannelClientCheck: WindowsCheckSpec<SchannelData> = {
  id: WINDOWS_CHECK_IDS.schannelClient,
  step: 'security',
  label: 'TLS versions this computer may use (Schannel client)',
  side: 'client',
  scriptId: 'schannel',
  input: () => ({}),
  schema: schannelDataSchema,
  essential: [],
  parse: (raw) => parseSchannel(raw, 'Client'),
  judge: judgeSchannel,
};

// ---- VPN ----------------------------------------------------------------------------------------------

export const vpnCheck: WindowsCheckSpec<VpnData> = {
  id: WINDOWS_CHECK_IDS.vpn,
  step: 'stability',
  label: 'VPN connections and adapters',
  side: 'client',
  scriptId: 'vpn',
  input: () => ({}),
  schema: vpnDataSchema,
  essential: ['adapters'],
  parse(raw) {
    const defaultIf = new Set(asRecords(raw.routes).map((r) => num(r.ifIndex)).filter((n): n is number => n !== null));
    const adapters = asRecords(raw.adapters).map((a) => {
      const interfaceDescription = text(a.interfaceDescription);
      const ifType = num(a.ifType);
      const ifIndex = num(a.ifIndex);
      const vpnProduct = classifyVpnAdapter(interfaceDescription, ifType);
      return {
        name: text(a.name),
        interfaceDescription,
        status: text(a.status, 'Unknown'),
        ifIndex,
        ifType,
        isVpn: vpnProduct !== null,
        vpnProduct,
        carriesDefaultRoute: ifIndex !== null && defaultIf.has(ifIndex),
      };
    });
    const connections = asRecords(raw.connections).map((c) => ({
      name: text(c.name),
      serverAddress: text(c.serverAddress),
      status: text(c.status, 'Unknown'),
      splitTunneling: bool(c.splitTunneling),
      tunnelType: str(c.tunnelType) || null,
      allUsers: bool(c.allUsers) ?? false,
    }));
    const upVpnAdapters = adapters.filter((a) => a.isVpn && a.status.toLowerCase() === 'up');
    const connected = connections.filter((c) => c.status.toLowerCase() === 'connected');
    const activeVpnNames = [...new Set([...connected.map((c) => c.name), ...upVpnAdapters.map((a) => a.vpnProduct ?? a.name)])];
    return { adapters, connections, vpnActive: upVpnAdapters.length > 0 || connected.length > 0, activeVpnNames, problems: problemsOf(raw) };
  },
  judge(data) {
    if (data.vpnActive) return { status: 'warn', summary: `A VPN is active: ${data.activeVpnNames.join(', ')}.` };
    return { status: 'pass', summary: 'No VPN is active on this computer.' };
  },
};

// ---- NIC power saving ---------------------------------------------------------------------------------

/** PnPCapabilities bit 0x08 (set in the documented 24 = 0x18) stops Windows turning the device off. */
export function powerSavingAllowed(pnp: number | null, allow: string | null): boolean | null {
  if (pnp !== null && (pnp & 0x08) !== 0) return false;
  const a = (allow ?? '').toLowerCase();
  if (a === 'enabled') return true;
  if (a === 'disabled' || a === 'unsupported') return false;
  if (pnp !== null) return true;
  return null;
}

export const nicPowerCheck: WindowsCheckSpec<NicPowerData> = {
  id: WINDOWS_CHECK_IDS.nicPower,
  step: 'stability',
  label: 'Network adapter power saving',
  side: 'client',
  scriptId: 'nic-power',
  input: () => ({}),
  schema: nicPowerDataSchema,
  essential: ['adapters'],
  parse(raw) {
    const adapters = asRecords(raw.adapters).map((a) => {
      const pnpCapabilities = num(a.pnpCapabilities);
      const allow = str(a.allowComputerToTurnOffDevice) || null;
      return {
        name: text(a.name),
        interfaceDescription: text(a.interfaceDescription),
        interfaceGuid: str(a.interfaceGuid) || null,
        mediaType: str(a.mediaType) || null,
        linkSpeed: str(a.linkSpeed) || null,
        carriesDefaultRoute: bool(a.carriesDefaultRoute) ?? false,
        classSubkey: str(a.classSubkey) || null,
        pnpCapabilities,
        allowComputerToTurnOffDevice: allow,
        powerSavingAllowed: powerSavingAllowed(pnpCapabilities, allow),
      };
    });
    return { adapters, problems: problemsOf(raw) };
  },
  judge(data) {
    if (data.adapters.length === 0) return { status: 'pass', summary: 'No active physical network adapter found (nothing to check).' };
    const risky = data.adapters.filter((a) => a.powerSavingAllowed === true && a.carriesDefaultRoute);
    if (risky.length > 0) return { status: 'warn', summary: `Windows may turn off ${risky.map((a) => `"${a.name}"`).join(', ')} to save power, which drops connections.` };
    return { status: 'pass', summary: 'Power saving does not switch off the active network adapter.' };
  },
};

// ---- the certificate accepted before --------------------------------------------------------------

export const acceptedCertificateCheck: WindowsCheckSpec<AcceptedCertificateData> = {
  id: WINDOWS_CHECK_IDS.acceptedCertificate,
  step: 'certificate',
  label: 'Certificate you accepted before for this computer',
  side: 'client',
  scriptId: 'accepted-cert',
  input: (target) => ({ host: target.host, port: target.port }),
  schema: acceptedCertificateDataSchema,
  essential: ['servers'],
  parse(raw, ctx) {
    const entries = asRecords(raw.entries).map((e) => ({ name: text(e.name), certHash: hex(e.certHash), usernameHint: str(e.usernameHint) || null }));
    return {
      host: ctx.target.host,
      registryPath: 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers',
      entries,
      problems: problemsOf(raw),
    };
  },
  judge(data) {
    const withHash = data.entries.filter((e) => e.certHash);
    if (withHash.length > 0) return { status: 'pass', summary: `You accepted a certificate for ${data.host} before (thumbprint ${withHash[0]!.certHash}).` };
    if (data.entries.length > 0) return { status: 'pass', summary: `Remote Desktop Connection remembers ${data.host}, without an accepted certificate.` };
    return { status: 'pass', summary: `Remote Desktop Connection has no remembered certificate for ${data.host}.` };
  },
};

export { profileNames };
