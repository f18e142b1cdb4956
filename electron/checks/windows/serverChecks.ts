/**
 * Server-side Windows checks: this computer as the Remote Desktop server. The engine only runs
 * them when the target is this computer (isLocalTarget); otherwise they are skipped and say where
 * to run RDP Doctor instead.
 */
import { REMOTE_DESKTOP_AUTH_EKU, SERVER_AUTH_EKU, certStoreDataSchema, type CertStoreData, type StoreCertificate } from '../../../shared/checks/windows/certStore';
import { WATCHED_EVENTS, eventsDataSchema, type EventsData } from '../../../shared/checks/windows/events';
import { FIREWALL_PROFILES, coverageInUse, portListCovers, protocolCovers, serverFirewallDataSchema, type FirewallRule, type ServerFirewallData } from '../../../shared/checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../../shared/checks/windows/ids';
import { SECURITY_LAYER_NAMES, effectiveListener, isHomeEdition, listenerSettingsDataSchema, type ListenerSettingsData } from '../../../shared/checks/windows/listener';
import { schannelDataSchema, type SchannelData } from '../../../shared/checks/windows/schannel';
import { RDP_SERVICES, SERVICE_NAMES, certificateServiceProblems, servicesDataSchema, type ServiceState, type ServicesData } from '../../../shared/checks/windows/services';
import type { WindowsCheckSpec } from './check';
import { activeProfileNames, judgeSchannel, parseSchannel } from './clientChecks';
import { asArray, asRecords, bool, hex, isoDate, isRecord, num, parseProfiles, parseRules, problemsOf, str, text } from './normalize';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---- listener settings --------------------------------------------------------------------------

export const rdpListenerCheck: WindowsCheckSpec<ListenerSettingsData> = {
  id: WINDOWS_CHECK_IDS.rdpListener,
  step: 'security',
  label: 'Remote Desktop listener settings and policies (this computer)',
  side: 'server',
  scriptId: 'listener-settings',
  input: () => ({}),
  schema: listenerSettingsDataSchema,
  essential: ['listener'],
  parse(raw) {
    const reg = isRecord(raw.registry) ? raw.registry : {};
    const pol = isRecord(raw.policy) ? raw.policy : {};
    const registry = {
      fDenyTSConnections: num(reg.fDenyTSConnections),
      portNumber: num(reg.PortNumber),
      userAuthentication: num(reg.UserAuthentication),
      securityLayer: num(reg.SecurityLayer),
      minEncryptionLevel: num(reg.MinEncryptionLevel),
      sslCertificateSha1Hash: hex(reg.SSLCertificateSHA1Hash),
    };
    const policy = {
      fDenyTSConnections: num(pol.fDenyTSConnections),
      userAuthentication: num(pol.UserAuthentication),
      securityLayer: num(pol.SecurityLayer),
      minEncryptionLevel: num(pol.MinEncryptionLevel),
    };
    const w = isRecord(raw.wmi) && bool(raw.wmi.found) !== false ? raw.wmi : null;
    const wmi = w
      ? {
          securityLayer: num(w.SecurityLayer),
          userAuthenticationRequired: num(w.UserAuthenticationRequired),
          minEncryptionLevel: num(w.MinEncryptionLevel),
          sslCertificateSha1Hash: hex(w.SSLCertificateSHA1Hash),
          allowTsConnections: num(w.AllowTSConnections),
        }
      : null;
    const { effective, policyOverrides, wmiMismatches } = effectiveListener(registry, policy, wmi);
    const ed = isRecord(raw.edition) ? raw.edition : null;
    const editionId = ed ? str(ed.editionId) || null : null;
    const edition = ed ? { editionId, productName: str(ed.productName) || null, build: num(ed.build), home: isHomeEdition(editionId) } : null;
    return { registry, policy, wmi, edition, effective, policyOverrides, wmiMismatches, problems: problemsOf(raw) };
  },
  judge(data) {
    const e = data.effective;
    const layer = e.securityLayer === null ? 'default' : (SECURITY_LAYER_NAMES[e.securityLayer] ?? String(e.securityLayer));
    const nla = e.nlaRequired === null ? 'NLA default' : e.nlaRequired ? 'NLA required' : 'NLA not required';
    const where = `port ${e.port}, security layer ${layer}, ${nla}`;
    if (data.edition?.home) return { status: 'fail', summary: `This computer runs a Home edition of Windows (EditionID ${data.edition.editionId}), which cannot accept Remote Desktop connections.` };
    if (!e.rdpEnabled) return { status: 'fail', summary: `Remote Desktop is turned off on this computer (fDenyTSConnections${e.rdpEnabledSource === 'policy' ? ' set by Group Policy' : ''}).` };
    if (e.securityLayer === 0 && e.nlaRequired === true) return { status: 'fail', summary: `Inconsistent listener settings: NLA is required but the security layer is RDP (no TLS), so connections are refused (event 1050). ${where}.` };
    if (e.securityLayer === 0) return { status: 'warn', summary: `The listener only offers standard RDP security (no TLS): ${where}.` };
    if (data.policyOverrides.length > 0) return { status: 'warn', summary: `Group Policy overrides ${data.policyOverrides.map((o) => o.setting).join(', ')}: ${where}.` };
    return { status: 'pass', summary: `Remote Desktop is on: ${where}.` };
  },
};

// ---- certificate store ------------------------------------------------------------------------------

export function certificateValidity(notBefore: string | null, notAfter: string | null, at: Date): StoreCertificate['validity'] {
  if (!notBefore || !notAfter) return 'unknown';
  if (new Date(notAfter).getTime() < at.getTime()) return 'expired';
  if (new Date(notBefore).getTime() > at.getTime()) return 'not-yet-valid';
  return 'valid';
}

export const certStoreCheck: WindowsCheckSpec<CertStoreData> = {
  id: WINDOWS_CHECK_IDS.certStore,
  step: 'certificate',
  label: 'Remote Desktop certificate store (this computer)',
  side: 'server',
  scriptId: 'cert-store',
  input: () => ({}),
  schema: certStoreDataSchema,
  essential: ['remote-desktop-store'],
  parse(raw, ctx) {
    const checkedAt = isoDate(raw.checkedAt) ?? ctx.now.toISOString();
    const at = new Date(checkedAt);
    const inUseThumbprint = hex(raw.inUse);
    const configuredThumbprint = hex(raw.configured);
    const seen = new Set<string>();
    const certificates: StoreCertificate[] = [];
    for (const c of asRecords(raw.certificates)) {
      const thumbprint = hex(c.thumbprint);
      if (!thumbprint || seen.has(thumbprint)) continue;
      seen.add(thumbprint);
      const subject = text(c.subject);
      const issuer = text(c.issuer);
      const eku = asArray(c.eku).map((e) => text(e)).filter(Boolean);
      const notBefore = isoDate(c.notBefore);
      const notAfter = isoDate(c.notAfter);
      certificates.push({
        store: text(c.store) === 'My' ? 'My' : 'Remote Desktop',
        thumbprint,
        subject,
        issuer,
        notBefore,
        notAfter,
        hasPrivateKey: bool(c.hasPrivateKey) ?? false,
        selfSigned: subject !== '' && subject === issuer,
        eku,
        inUse: thumbprint === inUseThumbprint,
        validity: certificateValidity(notBefore, notAfter, at),
        ekuUsable: eku.length === 0 || eku.includes(SERVER_AUTH_EKU) || eku.includes(REMOTE_DESKTOP_AUTH_EKU),
      });
    }
    const wanted = inUseThumbprint ?? configuredThumbprint;
    return {
      checkedAt,
      inUseThumbprint,
      configuredThumbprint,
      certificates,
      inUseFound: wanted !== null && certificates.some((c) => c.thumbprint === wanted),
      storeExists: bool(raw.storeExists) ?? true,
      problems: problemsOf(raw),
    };
  },
  judge(data) {
    const wanted = data.inUseThumbprint ?? data.configuredThumbprint;
    const current = wanted ? data.certificates.find((c) => c.thumbprint === wanted) : undefined;
    const candidates = current ? [current] : data.certificates.filter((c) => c.store === 'Remote Desktop');
    const expired = candidates.filter((c) => c.validity === 'expired');
    if (expired.length > 0 && (current || candidates.every((c) => c.validity !== 'valid'))) {
      const c = expired[0]!;
      return { status: 'fail', summary: `The Remote Desktop certificate ${c.subject} (${c.thumbprint}) expired on ${c.notAfter ?? 'an unknown date'}.` };
    }
    if (current && !current.hasPrivateKey) return { status: 'fail', summary: `The certificate the listener uses (${current.thumbprint}) has no private key, so TLS cannot start.` };
    if (current && current.validity === 'not-yet-valid') return { status: 'fail', summary: `The certificate the listener uses (${current.thumbprint}) is not valid until ${current.notBefore}.` };
    if (current && !current.ekuUsable) return { status: 'warn', summary: `The certificate the listener uses (${current.thumbprint}) lacks Server Authentication / Remote Desktop Authentication usage.` };
    if (wanted && !current) return { status: 'warn', summary: `The listener is set to certificate ${wanted}, which is in neither the Remote Desktop nor the Personal store.` };
    if (data.certificates.length === 0 && !data.storeExists) return { status: 'warn', summary: 'No Remote Desktop certificate yet: the Remote Desktop certificate store does not exist until Remote Desktop Services creates its first certificate when it starts.' };
    if (data.certificates.length === 0) return { status: 'warn', summary: 'The Remote Desktop certificate store is empty: Windows creates a certificate when Remote Desktop Services starts.' };
    const c = current ?? data.certificates[0]!;
    return { status: 'pass', summary: `Certificate ${c.subject} valid until ${c.notAfter ?? 'unknown'}${current ? ' is in use' : ''}.` };
  },
};

// ---- the key of the certificate the listener uses: keyFileCheck.ts ---------------------------------------

export { keyFileCheck } from './keyFileCheck';

// ---- services -----------------------------------------------------------------------------------------

export const servicesCheck: WindowsCheckSpec<ServicesData> = {
  id: WINDOWS_CHECK_IDS.services,
  step: 'reachability',
  label: 'Remote Desktop services (this computer)',
  side: 'server',
  scriptId: 'services',
  input: () => ({}),
  schema: servicesDataSchema,
  essential: [],
  parse(raw) {
    const services: ServiceState[] = [];
    for (const s of asRecords(raw.services)) {
      const name = SERVICE_NAMES.find((n) => n.toLowerCase() === text(s.name).toLowerCase());
      if (!name || services.some((x) => x.name === name)) continue;
      const exists = bool(s.exists) ?? true;
      services.push({
        name,
        exists,
        displayName: str(s.displayName) || null,
        status: serviceStatus(s.status),
        startType: startType(s.startType),
        account: str(s.account) || null,
      });
    }
    return { services, problems: problemsOf(raw) };
  },
  judge(data) {
    const term = data.services.find((s) => s.name === 'TermService');
    if (!term) return { status: 'error', summary: 'The state of Remote Desktop Services (TermService) could not be read.' };
    if (!term.exists) return { status: 'fail', summary: 'Remote Desktop Services (TermService) is not installed on this computer.' };
    if (term.startType === 'Disabled') return { status: 'fail', summary: 'Remote Desktop Services (TermService) is disabled.' };
    if (term.status !== 'Running') return { status: 'fail', summary: `Remote Desktop Services (TermService) is ${term.status ?? 'not running'}.` };
    const others = data.services.filter((s) => s.name !== 'TermService' && (RDP_SERVICES as readonly string[]).includes(s.name) && s.exists && s.status !== 'Running');
    if (others.length > 0) return { status: 'warn', summary: `TermService is running; ${others.map((s) => `${s.name} is ${s.status ?? 'not running'}`).join(', ')}.` };
    const cert = certificateServiceProblems(data.services);
    if (cert.length > 0) return { status: 'warn', summary: `TermService is running, but what its certificate needs is off: ${cert.map((s) => `${s.name} is ${s.startType === 'Disabled' ? 'disabled' : (s.status ?? 'not running')}`).join(', ')}.` };
    return { status: 'pass', summary: 'Remote Desktop Services, its helpers and the services its certificate needs are running or ready to start.' };
  },
};

const SERVICE_STATUS: Record<string, string> = { '1': 'Stopped', '2': 'StartPending', '3': 'StopPending', '4': 'Running', '5': 'ContinuePending', '6': 'PausePending', '7': 'Paused' };
function serviceStatus(value: unknown): string | null {
  const s = str(value);
  if (s === null || s === '') return null;
  return SERVICE_STATUS[s] ?? s;
}
const START_TYPES: Record<string, string> = { '0': 'Boot', '1': 'System', '2': 'Automatic', '3': 'Manual', '4': 'Disabled' };
function startType(value: unknown): string | null {
  const s = str(value);
  if (s === null || s === '') return null;
  return START_TYPES[s] ?? s;
}

// ---- inbound firewall -------------------------------------------------------------------------------

function servesTermService(rule: FirewallRule): boolean {
  const p = rule.program.trim().toLowerCase();
  return p === 'any' || /(^|[\\/])svchost\.exe$/.test(p);
}

export function firewallCoverage(port: number, profiles: ServerFirewallData['profiles'], rules: readonly FirewallRule[]): ServerFirewallData['coverage'] {
  return FIREWALL_PROFILES.map((profile) => {
    const p = profiles.find((x) => x.name === profile);
    const relevant = rules.filter(
      (r) => r.enabled && r.direction === 'Inbound' && r.profiles.includes(profile) && protocolCovers(r.protocol, 'TCP') && portListCovers(r.localPorts, port) && servesTermService(r),
    );
    // A policy that ignores local rules (AllowLocalFirewallRules False) leaves only its own rules in force.
    const ignoresLocal = p?.allowLocalFirewallRules === false;
    const isLocal = (r: FirewallRule) => r.source.toLowerCase() === 'local';
    const counted = ignoresLocal ? relevant.filter((r) => !isLocal(r)) : relevant;
    const allowedBy = counted.filter((r) => r.action === 'Allow').map((r) => r.name);
    const blockedBy = counted.filter((r) => r.action === 'Block').map((r) => r.name);
    const localIgnored = ignoresLocal ? relevant.filter((r) => isLocal(r) && r.action === 'Allow').map((r) => r.name) : [];
    const firewallOn = p ? p.enabled : null;
    const shieldsUp = p?.allowInboundRules === false;
    const open = firewallOn === false || (allowedBy.length > 0 && blockedBy.length === 0 && !shieldsUp);
    return { profile, firewallOn, allowedBy, blockedBy, open, localIgnored };
  });
}

export const serverFirewallCheck: WindowsCheckSpec<ServerFirewallData> = {
  id: WINDOWS_CHECK_IDS.serverFirewall,
  step: 'reachability',
  label: 'Windows Firewall: inbound Remote Desktop rules (this computer)',
  side: 'server',
  scriptId: 'server-firewall',
  input: () => ({}),
  timeoutMs: 60_000,
  schema: serverFirewallDataSchema,
  essential: ['remote-desktop-rules'],
  parse(raw) {
    const listenerPort = num(raw.listenerPort) ?? 3389;
    const profiles = parseProfiles(raw.profiles);
    const remoteDesktopRules = parseRules(raw.remoteDesktopRules);
    const names = new Set(remoteDesktopRules.map((r) => r.name));
    const portRules = parseRules(raw.portRules).filter((r) => !names.has(r.name));
    return {
      listenerPort,
      profiles,
      activeProfiles: activeProfileNames(raw.activeProfiles),
      remoteDesktopRules,
      portRules,
      coverage: firewallCoverage(listenerPort, profiles, [...remoteDesktopRules, ...portRules]),
      problems: problemsOf(raw),
    };
  },
  judge(data) {
    const relevant = coverageInUse(data);
    const closed = relevant.filter((c) => !c.open);
    if (closed.length > 0) {
      return {
        status: 'fail',
        summary: `Windows Firewall does not let Remote Desktop in on port ${data.listenerPort} for the ${closed.map((c) => c.profile).join('/')} profile${closed.length > 1 ? 's' : ''}${data.activeProfiles.length > 0 ? ' in use now' : ''}.`,
      };
    }
    const otherClosed = data.coverage.filter((c) => !c.open && !relevant.includes(c));
    if (otherClosed.length > 0) return { status: 'pass', summary: `Remote Desktop is allowed in on port ${data.listenerPort} for the network in use (not for ${otherClosed.map((c) => c.profile).join('/')}).` };
    return { status: 'pass', summary: `Remote Desktop is allowed in on port ${data.listenerPort} for every firewall profile.` };
  },
};

// ---- Schannel (server side) + FIPS ------------------------------------------------------------------

export const schannelServerCheck: WindowsCheckSpec<SchannelData> = {
  id: WINDOWS_CHECK_IDS.schannelServer,
  step: 'certificate',
  label: 'TLS versions this computer accepts as a server (Schannel), FIPS policy',
  side: 'server',
  scriptId: 'schannel',
  input: () => ({}),
  schema: schannelDataSchema,
  essential: [],
  parse: (raw) => parseSchannel(raw, 'Server'),
  judge: judgeSchannel,
};

// ---- events ----------------------------------------------------------------------------------------------

const FAILING_EVENTS = new Set([1055, 1057, 1058, 1065, 36870, 36871, 36872]);
const WARNING_EVENTS = new Set([1006, 1050, 1051, 1052, 1053, 1054, 1056, 1062, 1064, 36874]);

export const eventsCheck: WindowsCheckSpec<EventsData> = {
  id: WINDOWS_CHECK_IDS.events,
  step: 'certificate',
  label: 'Remote Desktop and Schannel errors in the System log, last 7 days (this computer)',
  side: 'server',
  scriptId: 'events',
  input: () => ({ queries: WATCHED_EVENTS.map((w) => ({ provider: w.provider, ids: [...w.ids] })) }),
  timeoutMs: 60_000,
  schema: eventsDataSchema,
  essential: [],
  parse(raw) {
    const watched = new Map<number, string>(WATCHED_EVENTS.flatMap((w) => w.ids.map((id) => [id as number, w.provider] as const)));
    const groups = asRecords(raw.groups)
      .map((g) => {
        const id = num(g.id);
        if (id === null || !watched.has(id)) return null;
        return {
          provider: str(g.provider) || watched.get(id)!,
          id,
          count: num(g.count) ?? 0,
          latestTime: isoDate(g.latestTime),
          latestMessage: str(g.latestMessage)?.slice(0, 1000) ?? null,
          alertCodes: asArray(g.alertCodes)
            .map(num)
            .filter((n): n is number => n !== null),
          capped: bool(g.capped) ?? false,
        };
      })
      .filter((g): g is NonNullable<typeof g> => g !== null)
      .sort((a, b) => a.id - b.id);
    return { days: num(raw.days) ?? 7, since: isoDate(raw.since), groups, totalEvents: groups.reduce((n, g) => n + g.count, 0), problems: problemsOf(raw) };
  },
  judge(data) {
    const failing = data.groups.filter((g) => FAILING_EVENTS.has(g.id) && g.count > 0);
    const warning = data.groups.filter((g) => WARNING_EVENTS.has(g.id) && g.count > 0);
    const list = (gs: typeof data.groups) => gs.map((g) => `${g.id} ×${g.count}`).join(', ');
    const unreadable = data.problems.length > 0 ? ` (${plural(data.problems.length, 'query', 'queries')} could not be read)` : '';
    if (failing.length > 0) return { status: 'fail', summary: `Certificate/TLS errors in the last ${data.days} days: events ${list(failing)}.${unreadable}` };
    if (warning.length > 0) return { status: 'warn', summary: `Remote Desktop warnings in the last ${data.days} days: events ${list(warning)}.${unreadable}` };
    if (data.problems.length > 0 && data.groups.length === 0) {
      const p = data.problems[0]!;
      if (p.kind === 'needs-administrator') {
        const reason = 'Needs administrator rights: start RDP Doctor as administrator to read the System log.';
        return { status: 'skipped', summary: `Not checked: ${reason}`, reason };
      }
      return { status: 'error', summary: `The System log could not be read (${p.message}).` };
    }
    return { status: 'pass', summary: `No Remote Desktop certificate or TLS errors in the System log in the last ${data.days} days${data.totalEvents > 0 ? ` (${plural(data.totalEvents, 'other event')})` : ''}.${unreadable}` };
  },
};
