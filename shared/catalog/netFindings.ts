/**
 * The network findings of the catalogue (DESIGN.md): reachability, certificate/TLS, security layer,
 * addressing, stability. Ids are stable; the Windows findings live with the Windows rules.
 *
 * Template fields each rule supplies are named in the comment above each entry
 * ({host}, {port}, {target} and {address} are always available).
 */
import {
  rebuildMachineKeys,
  resetMachineKeysAcl,
  regenerateSelfSignedCert,
  renewCertificate,
  repairKeyfileAcl,
  useCaCertificate,
} from './certificateFixes';
import {
  checkHostName,
  checkPortNumber,
  connectByIp,
  connectVpn,
  connectWithCertificateName,
  flushDnsCache,
  syncClock,
  tryAnotherNetwork,
  useNlaCredentials,
  writeRdpFile,
} from './clientFixes';
import type { FixContext } from './fix';
import { withPurpose } from './fixOrder';
import {
  askNetworkAdmin,
  checkPortForwarding,
  checkSecuritySoftware,
  clampMss,
  fixDnsRecord,
  lowerVpnMtu,
  testPathMtu,
  testPort,
  testRoute,
} from './networkFixes';
import { remoteRepair } from './remoteRepairFix';
import {
  checkComputerOn,
  checkListenerProcess,
  checkServerEvents,
  enableFirewallRules,
  enableRdp,
  enableTls12,
  restartTermService,
  setNla,
  setSecurityLayer,
  startTermService,
  syncServerClock,
} from './serverFixes';
import { defineFindings } from './build';

/** Certificate fixes depend on who made the certificate: Windows itself, or a certificate authority. */
function certificateRepairs(ctx: FixContext) {
  if (ctx.certificate && !ctx.certificate.selfSigned) return [renewCertificate(ctx)];
  return [repairKeyfileAcl(ctx), regenerateSelfSignedCert(ctx), remoteRepair(ctx, 'certificate')];
}

export const NET_FINDINGS = defineFindings([
  // ---- reachability --------------------------------------------------------------------------
  // {resolverResult}
  {
    id: 'dns-unresolved',
    severity: 'error',
    step: 'reachability',
    title: 'The computer name cannot be found',
    plain: 'Your computer could not find "{host}" on the network, so it does not know where to connect. Check the spelling of the name, and connect to your company VPN if you use one.',
    detail:
      'Name resolution for {host} failed: {resolverResult}. No A or AAAA record came back, so no connection was attempted (mstsc reports this as 0x104 / 0x208). Internal names usually resolve only through the company DNS servers (office network or VPN).',
    fixes: (ctx) => [checkHostName(ctx), connectVpn(ctx), flushDnsCache(ctx)],
  },
  // {result}
  {
    id: 'port-closed',
    severity: 'error',
    step: 'reachability',
    title: 'The Remote Desktop port refuses connections',
    plain: 'The computer answered, but nothing accepts Remote Desktop connections on port {port}. Remote Desktop may be turned off there, or it uses another port. Ask IT to check that Remote Desktop is turned on.',
    forIt: 'nothing accepts Remote Desktop connections on port {port} of {host}',
    detail:
      'TCP connect to {target} at {address}: {result}. The host (or a firewall in front of it) answered the SYN with a reset: no listener on port {port} (Remote Desktop disabled: fDenyTSConnections=1, TermService stopped, or PortNumber changed) or a firewall rejecting actively.',
    fixes: (ctx) => [checkPortNumber(ctx), startTermService(ctx), enableRdp(ctx), remoteRepair(ctx, 'enable-rdp')],
  },
  // {result}
  {
    id: 'port-filtered',
    severity: 'error',
    step: 'reachability',
    title: 'No answer on the Remote Desktop port',
    plain: 'Nothing answered on port {port} of {host}. Usually a firewall blocks the way, the computer is off or asleep, or you need to be connected to the company VPN. Connect the VPN and make sure the computer is on.',
    forIt: 'nothing answers on port {port} of {host}; a firewall may block it',
    detail:
      'TCP connect to {address} port {port}: {result}. Packets are dropped silently: the host firewall (inbound group "Remote Desktop" disabled or scoped to other profiles/addresses), a network firewall or cloud security group, the host is down, or the route needs the VPN.',
    fixes: (ctx) => [connectVpn(ctx), checkComputerOn(ctx), testPort(ctx), enableFirewallRules(ctx), remoteRepair(ctx, 'firewall'), askNetworkAdmin(ctx)],
  },
  // {result}
  {
    id: 'host-unreachable',
    severity: 'error',
    step: 'reachability',
    title: 'The computer cannot be reached from this network',
    plain: 'The network says it has no way to {host}. Connect to your company VPN (or the network the computer is on) and try again.',
    forIt: 'this network has no way to {host}',
    detail: 'TCP connect to {address} port {port}: {result}. A router or the local network stack reported host or network unreachable (ICMP unreachable, or no route).',
    fixes: (ctx) => [connectVpn(ctx), checkComputerOn(ctx), testRoute(ctx), askNetworkAdmin(ctx)],
  },
  // {how}
  {
    id: 'not-rdp',
    severity: 'error',
    step: 'reachability',
    title: 'Something other than Remote Desktop answers on this port',
    plain: 'A program answers on port {port} of {host}, but it does not behave like Remote Desktop. The port may be wrong, or the network sends it to the wrong device. Check the port number with IT.',
    forIt: 'something other than Remote Desktop answers on port {port} of {host}',
    detail: 'TCP to {address} port {port} connected, but the X.224 Connection Request got {how}. An RDP listener answers with a TPKT/X.224 Connection Confirm (03 00 00 13 0E D0 ...).',
    fixes: (ctx) => [checkPortNumber(ctx), checkListenerProcess(ctx), checkPortForwarding(ctx)],
  },
  // {how}
  {
    id: 'rdp-no-answer',
    severity: 'error',
    step: 'reachability',
    title: 'The port accepts connections, but Remote Desktop does not answer',
    plain: 'Port {port} of {host} takes the connection but never answers it. The Remote Desktop service on the remote computer is most likely hung. Ask IT to restart it: send this report to IT.',
    forIt: 'port {port} of {host} accepts connections but the Remote Desktop service never answers (it looks hung)',
    detail: 'TCP to {address} port {port} connected, but the X.224 Connection Request got {how}. A hung TermService (or a proxy that accepts and never forwards) looks like this; a different program would usually answer something.',
    fixes: (ctx) => [restartTermService(ctx), checkListenerProcess(ctx), checkPortForwarding(ctx)],
  },

  // ---- certificate / TLS -----------------------------------------------------------------------
  // {reply}
  {
    id: 'tls-cert-not-on-server',
    severity: 'error',
    step: 'certificate',
    title: 'The remote computer has no usable certificate',
    plain: 'The remote computer cannot secure the connection because its security certificate is missing or unreadable, so it closes the connection. This is a typical cause of error 0x904 / 0x7. It has to be repaired on the remote computer: send this report to IT.',
    forIt: '{host} has no usable certificate, so it cannot secure Remote Desktop connections',
    detail:
      'The server answered the X.224 Connection Request with {reply}. TermService cannot load a certificate or its private key for TLS. Look for TerminalServices-RemoteConnectionManager 1057 (self-signed certificate creation failed, "keyset does not exist"), 1058 (expired self-signed certificate not replaced, "access is denied"), 1055 and Schannel 36870 (private key inaccessible, 0x8009030D) in the System log; then check NETWORK SERVICE read access on MachineKeys\\f686aace6942fb7f7ceb231212eef4a4_<MachineGuid> and the Remote Desktop certificate store.',
    fixes: (ctx) => [checkServerEvents(ctx), repairKeyfileAcl(ctx), regenerateSelfSignedCert(ctx), remoteRepair(ctx, 'certificate'), resetMachineKeysAcl(ctx), rebuildMachineKeys(ctx)],
  },
  // {protocol} {attempts}
  {
    id: 'tls-handshake-failed',
    severity: 'error',
    step: 'certificate',
    title: 'The secure connection fails to start',
    plain: 'Your computer reached Remote Desktop on {host}, but securing the connection failed: the remote computer, or a device on the way, broke it off. This matches error 0x904 / 0x7. IT needs to check the remote computer\'s certificate and security settings.',
    forIt: '{host} breaks off every attempt to secure the Remote Desktop connection',
    detail:
      'The X.224 negotiation selected {protocol}; then no TLS version completed a handshake ({attempts}). A server that cannot use its private key (Schannel 36870), has TLS turned off (36871) or shares no cipher suite with the client (36874) ends the handshake with an alert or closes the socket; TLS-inspecting middleboxes do the same.',
    fixes: (ctx) => [
      checkServerEvents(ctx),
      checkSecuritySoftware(ctx),
      repairKeyfileAcl(ctx),
      regenerateSelfSignedCert(ctx),
      remoteRepair(ctx, 'certificate'),
      enableTls12(ctx),
      resetMachineKeysAcl(ctx),
      rebuildMachineKeys(ctx),
    ],
  },
  // {validTo} {validToDate} {daysAgo} {subject} {thumbprint} {origin}
  {
    id: 'cert-expired',
    severity: 'error',
    step: 'certificate',
    title: "The remote computer's certificate has expired",
    plain: 'The remote computer\'s security certificate expired on {validToDate}. Windows normally replaces it by itself; this one was not replaced, which can make connections fail. IT needs to renew it on the remote computer.',
    forIt: "the remote computer's certificate expired on {validToDate}",
    detail: 'Certificate {subject} (SHA-1 {thumbprint}) was valid until {validTo}: expired {daysAgo} days before the check. {origin}',
    fixes: (ctx) => [checkServerEvents(ctx), ...certificateRepairs(ctx)],
  },
  // {validFrom} {validFromDate} {ahead} {subject} {checkedAt}
  {
    id: 'cert-not-yet-valid',
    severity: 'error',
    step: 'certificate',
    title: "The remote computer's certificate is not valid yet",
    plain: 'The remote computer\'s certificate only becomes valid on {validFromDate}. Usually the clock of one of the two computers is wrong. Check that the date and time on your computer are correct.',
    forIt: "the remote computer's certificate only becomes valid on {validFromDate}",
    detail:
      'Certificate {subject} is valid from {validFrom}, {ahead} after the check ({checkedAt}). Either the server clock was ahead when it created the certificate, or this computer\'s clock is behind.',
    fixes: (ctx) => [syncClock(ctx), syncServerClock(ctx), ...(ctx.certificate?.selfSigned ? [regenerateSelfSignedCert(ctx)] : [])],
  },
  // {validTo} {validToDate} {daysLeft} {subject} {origin}
  {
    id: 'cert-expiring-soon',
    severity: 'warning',
    step: 'certificate',
    title: "The remote computer's certificate expires soon",
    plain: 'The remote computer\'s certificate expires on {validToDate} ({daysLeft} days left). Nothing is broken yet; let IT know so it is renewed in time.',
    forIt: "the remote computer's certificate expires on {validToDate}",
    detail: 'Certificate {subject} is valid until {validTo}, {daysLeft} days after the check. {origin}',
    fixes: (ctx) => (ctx.certificate && !ctx.certificate.selfSigned ? [renewCertificate(ctx)] : [checkServerEvents(ctx), repairKeyfileAcl(ctx)]),
  },
  // {subject} {issuer} {thumbprint}
  {
    id: 'cert-self-signed',
    severity: 'info',
    step: 'certificate',
    title: 'The remote computer uses its own (self-signed) certificate',
    plain: 'The remote computer uses a certificate it made itself. That is normal for Remote Desktop: Windows asks you once whether to trust the computer. Nothing to do.',
    detail:
      'Subject {subject}, issuer {issuer} (self-signed), SHA-1 {thumbprint}. mstsc shows the identity prompt unless this thumbprint was accepted before (stored per host under HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers) or a certificate from a trusted authority is bound to the listener.',
    fixes: (ctx) => [useCaCertificate(ctx)],
  },
  // {certName} {names} {checkedName}
  {
    id: 'cert-name-mismatch',
    severity: 'warning',
    step: 'certificate',
    title: 'The certificate is made out to a different name',
    plain: 'The remote computer\'s certificate is made out to "{certName}", not to "{host}". Remote Desktop will warn you about this. If IT confirms that name, connect using "{certName}" instead.',
    forIt: 'the remote computer\'s certificate is made out to "{certName}", not to "{host}"',
    detail: 'Checked {checkedName} against the certificate: no DNS SAN, IP SAN or subject CN matches. Names in the certificate: {names}.',
    fixes: (ctx) => [connectWithCertificateName(ctx), useCaCertificate(ctx)],
  },
  // {key} {minimum} {subject}
  {
    id: 'cert-weak-key',
    severity: 'warning',
    step: 'certificate',
    title: "The remote computer's certificate uses a weak key",
    plain: 'The remote computer\'s certificate uses a key that current security rules consider too short. Some computers refuse it. IT should replace the certificate.',
    forIt: "the remote computer's certificate uses a key that is too short",
    detail: 'Certificate {subject}: public key {key}, at least {minimum} bits expected. Current Windows versions create self-signed Remote Desktop certificates with 2048-bit RSA keys.',
    fixes: (ctx) => (ctx.certificate?.selfSigned ? [regenerateSelfSignedCert(ctx), remoteRepair(ctx, 'certificate')] : [renewCertificate(ctx)]),
  },
  // {signatureAlgorithm} {oid} {subject}
  {
    id: 'cert-weak-signature',
    severity: 'warning',
    step: 'certificate',
    title: "The remote computer's certificate uses an outdated signature",
    plain: 'The remote computer\'s certificate is signed in an old way that current security rules reject. Some computers refuse it. IT should replace the certificate.',
    forIt: "the remote computer's certificate is signed in an outdated way",
    detail: 'Certificate {subject}: signature algorithm {signatureAlgorithm} ({oid}). MD5 and SHA-1 signatures are refused by current TLS policies.',
    fixes: (ctx) => (ctx.certificate?.selfSigned ? [regenerateSelfSignedCert(ctx), remoteRepair(ctx, 'certificate')] : [renewCertificate(ctx)]),
  },
  // {issuer} {vendor} {subject}
  {
    id: 'tls-inspection',
    severity: 'warning',
    step: 'certificate',
    title: 'A security device on the way opens the secured connection',
    forIt: 'a {vendor} device on the way opens the encrypted connection to {host}',
    plain: 'The certificate that came back was issued by {vendor}, a security device that opens encrypted connections to inspect them. So it is not the remote computer you are talking to directly: the device stands in between, and Remote Desktop often breaks there (error 0x904). Ask IT to exempt Remote Desktop from this inspection.',
    detail:
      'Certificate {subject} was issued by {issuer}, the certificate authority of a TLS-inspection appliance ({vendor}). The appliance terminates TLS and presents its own certificate; RDP through such inspection commonly fails at CredSSP (the public key bound into the NLA exchange is the appliance\'s, not the server\'s) or right after TLS. Exempt the server address or TCP {port} from SSL/TLS decryption on the appliance.',
    fixes: (ctx) => [askNetworkAdmin(ctx), checkSecuritySoftware(ctx), tryAnotherNetwork(ctx)],
  },
  // {skew} {skewSeconds} {serverTime} {localTime} {direction}
  {
    id: 'clock-skew',
    severity: 'warning',
    step: 'certificate',
    title: "The two computers' clocks disagree",
    plain: 'The clock of the remote computer differs from yours by {skew}. Sign-in and certificate checks fail when clocks differ by more than 5 minutes. Check that date, time and time zone on your computer are set automatically.',
    forIt: 'the clocks of this computer and {host} differ by {skew}',
    detail:
      'NTLM CHALLENGE timestamp (MsvAvTimestamp) from {address}: server time {serverTime}, local time {localTime}, skew {skewSeconds} s (server {direction}). Kerberos tolerates 5 minutes by default, and certificate validity is judged by the client clock.',
    fixes: (ctx) => [syncClock(ctx), syncServerClock(ctx)],
  },

  // ---- security layer --------------------------------------------------------------------------
  // {requested} {answer}
  {
    id: 'tls-not-allowed',
    severity: 'warning',
    step: 'security',
    title: 'The remote computer only offers the old Remote Desktop security',
    plain: 'The remote computer is set to use an old, weaker way of securing Remote Desktop and refuses the modern one. Many computers are set to refuse that, and then the connection closes. IT should switch the remote computer to "Negotiate" or TLS.',
    forIt: '{host} only offers the old Remote Desktop security',
    detail:
      'Requested {requested}; the server answered {answer}. The listener allows the RDP security layer only (SecurityLayer 0 in RDP-Tcp, or a group policy), so neither TLS nor CredSSP can be used; clients that require server authentication (authentication level 1, or policy) refuse to continue.',
    fixes: (ctx) => [setSecurityLayer(ctx, 1), remoteRepair(ctx, 'security-layer')],
  },
  // {evidence}
  {
    id: 'nla-required',
    severity: 'info',
    step: 'security',
    title: 'The remote computer requires Network Level Authentication',
    plain: 'The remote computer checks your user name and password before the session starts (Network Level Authentication). That is normal and safer. Type your user name as DOMAIN\\name or name@company.com.',
    detail:
      'The server requires HYBRID (CredSSP): {evidence}. Clients without CredSSP, with CredSSP turned off in the .rdp file (enablecredsspsupport:i:0), or with a mismatched CredSSP encryption oracle policy (AllowEncryptionOracle) fail at this point.',
    fixes: (ctx) => [useNlaCredentials(ctx), setNla(ctx, false)],
  },
  // {requested} {answer}
  {
    id: 'negotiation-inconsistent',
    severity: 'error',
    step: 'security',
    title: 'The remote computer answers the security negotiation inconsistently',
    plain: 'The remote computer (or a device in between) answers the first Remote Desktop request with a choice this computer did not offer, or refuses what it was offered for a reason that contradicts the request. Remote Desktop gives up at that point with a protocol error. Something on port {port} is misconfigured or is not a normal Remote Desktop listener: IT should check what answers there.',
    forIt: '{host} answers the Remote Desktop security negotiation inconsistently',
    detail:
      'Requested {requested}; the server answered {answer}. An RDP_NEG_RSP must select one of the offered protocols, and an RDP_NEG_FAILURE must be consistent with the request (MS-RDPBCGR 2.2.1.2). A gateway, load balancer or another service in front of the listener, or a third-party Remote Desktop server, is the usual cause.',
    fixes: (ctx) => [checkListenerProcess(ctx), checkServerEvents(ctx), setSecurityLayer(ctx, 1)],
  },
  // {accepted} {refused} {client}; severity: warning, or error where this computer's client refuses TLS 1.0/1.1 (rules/legacyTls.ts)
  {
    id: 'tls-legacy-only',
    severity: 'warning',
    step: 'security',
    title: 'The remote computer only accepts old TLS versions',
    plain: 'The remote computer only speaks old versions of the security protocol (TLS 1.0 or 1.1). Up-to-date computers often refuse those, which closes the connection while it is being secured. IT should turn on TLS 1.2 on the remote computer.',
    forIt: '{host} only accepts old versions of the security protocol (TLS 1.0 or 1.1); it needs TLS 1.2',
    detail:
      'TLS handshakes after the X.224 exchange: accepted {accepted}; refused {refused}. {client} Windows 7 / Server 2008 R2 need KB3080079 for TLS 1.1/1.2 in Remote Desktop; otherwise check SCHANNEL\\Protocols\\TLS 1.2\\Server (Enabled, DisabledByDefault).',
    fixes: (ctx) => [enableTls12(ctx)],
  },

  // ---- addressing ------------------------------------------------------------------------------
  // {workingAddress} {working} {failing} {count}
  {
    id: 'address-fails',
    severity: 'error',
    step: 'addressing',
    title: "Some of the computer's addresses do not work",
    plain: 'The name "{host}" leads to several addresses and not all of them work, so connecting by the name can land on a broken one. Connecting to {workingAddress} works: use that address for now and tell IT.',
    forIt: 'some addresses of {host} do not work; {workingAddress} does',
    detail: '{host} resolves to {count} addresses. Completed the handshake: {working}. Failed: {failing}.',
    // Forgetting remembered addresses does not mend a broken address: here it only works around it.
    fixes: (ctx) => [connectByIp(ctx), withPurpose(flushDnsCache(ctx), 'workaround'), writeRdpFile(ctx), fixDnsRecord(ctx)],
  },
  // {answeringName} {label} {names}
  {
    id: 'name-points-elsewhere',
    severity: 'warning',
    step: 'addressing',
    title: 'The name leads to a different computer',
    plain: 'The computer that answers at "{host}" calls itself "{answeringName}". The name may point to an old address that now belongs to another computer. If IT set up "{host}" as another name for "{answeringName}", this is expected; otherwise tell IT.',
    forIt: 'the name {host} leads to a computer that calls itself {answeringName}',
    detail: 'Typed {host} (host label "{label}"); the machine answering at {address} names itself {names}.',
    fixes: (ctx) => [flushDnsCache(ctx), fixDnsRecord(ctx)],
  },

  // ---- stability -------------------------------------------------------------------------------
  // {what} {stages}
  {
    id: 'reset-during-handshake',
    severity: 'error',
    step: 'stability',
    title: 'The connection is cut while it is being set up',
    plain: 'While your computer and {host} were setting up the connection, it was cut off ({what}). That is what error 0x904 / 0x7 looks like. Often a firewall, antivirus or VPN on the way is responsible, or the remote computer itself.',
    forIt: 'the connection to {host} is cut while it is being set up',
    detail: '{stages}. A TCP reset or close before the TLS handshake completes is what mstsc reports as 0x904 (socket closed) with extended 0x7 (server denied connection).',
    fixes: (ctx) => [tryAnotherNetwork(ctx), checkSecuritySoftware(ctx), checkServerEvents(ctx), askNetworkAdmin(ctx)],
  },
  // {what} {stage} {stages}
  {
    id: 'cut-after-tls',
    severity: 'error',
    step: 'stability',
    title: 'The connection is cut right after it is secured',
    forIt: 'the connection to {host} is cut right after it is secured, before sign-in',
    plain: 'Your computer and {host} secured the connection, and then the connection was cut ({what}) at the very next step, before any sign-in. Remote Desktop shows this as error 0x904 / 0x7. This usually means the remote computer\'s Remote Desktop service cannot go on (often a problem with its certificate or its key), or a firewall or security device on the way cuts the connection once it is encrypted. Send this report to IT.',
    detail:
      '{stages}. TCP, X.224 and TLS completed; the {stage} that follows (what mstsc sends before credentials) was answered with a reset or close (or no answer). Look at the server first: TermService and Schannel events around the time of the check (RemoteConnectionManager 1057/1058, Schannel 36870 for the certificate\'s private key), then at TLS-inspecting firewalls, proxies and endpoint security on the path, which let the handshake through and cut the first encrypted data.',
    fixes: (ctx) => [checkServerEvents(ctx), checkSecuritySoftware(ctx), tryAnotherNetwork(ctx), askNetworkAdmin(ctx), repairKeyfileAcl(ctx), startTermService(ctx)],
  },
  // {mtu} {payload} {lost} {mss} {stalls} {probes} {command}
  {
    id: 'path-mtu-black-hole',
    severity: 'error',
    step: 'stability',
    title: 'Large packets are lost on the way (often the VPN)',
    forIt: 'packets bigger than {mtu} bytes are lost without notice on the way to {host} (a path MTU black hole)',
    plain: 'The connection to {host} stops while it is being secured: the remote computer\'s answer comes in packets too big for the way between you (often a VPN), and they are lost without any notice. The largest packet that gets through is {mtu} bytes. Setting the packet size (MTU) of the VPN adapter on this computer to {mtu} usually fixes it; IT can fix it for everyone on the VPN.',
    detail:
      'Path MTU black hole between this computer and {address}. The small exchange before TLS worked, then the handshake stalled with no reset until the timeout: {stalls}. Don\'t-fragment pings to {address}: the largest that crosses has {payload} bytes of payload ({mtu}-byte packets); {lost}-byte packets get no reply and no ICMP "fragmentation needed" (type 3 code 4) or ICMPv6 "packet too big" comes back, so the server never learns to send smaller segments and its certificate flight never arrives. Probes: {probes}. Fix on the client: the VPN adapter\'s MTU to {mtu} or less; on the VPN gateway: TCP MSS clamping to {mss} (or to the path MTU), and let ICMP type 3 code 4 through the firewalls on the path. By hand: {command}.',
    fixes: (ctx) => [lowerVpnMtu(ctx), clampMss(ctx), testPathMtu(ctx), tryAnotherNetwork(ctx)],
  },
  // {failed} {total} {rate} {list}
  {
    id: 'intermittent-failures',
    severity: 'warning',
    step: 'stability',
    title: 'The connection works only some of the time',
    plain: '{failed} of {total} attempts to connect to {host} failed. An unstable network (Wi-Fi, VPN) or a busy remote computer is likely. Try a cable or another network.',
    forIt: '{failed} of {total} attempts to connect to {host} failed',
    detail: '{failed} of {total} connections to {address} failed ({rate}); each, with the stage where it ended: {list}.',
    fixes: (ctx) => [tryAnotherNetwork(ctx), checkServerEvents(ctx), askNetworkAdmin(ctx)],
  },
  // {slowest} {threshold} {slowCount} {medianMs} {maxMs} {okCount} {thresholdMs} {stages}
  {
    id: 'slow-handshake',
    severity: 'warning',
    step: 'stability',
    title: 'Setting up the connection is slow',
    plain: 'Setting up a connection to {host} was slow: {slowCount} of {okCount} tries took longer than {threshold}, the slowest {slowest} (normally well under a second). Remote Desktop may give up before it finishes. A slow VPN or a busy network is the usual cause.',
    forIt: 'setting up a connection to {host} is slow (the slowest took {slowest})',
    detail: 'Slowest {maxMs} ms, median {medianMs} ms over {okCount} completed handshakes to {address}; {slowCount} above the threshold of {thresholdMs} ms. Median per stage: {stages}.',
    fixes: (ctx) => [tryAnotherNetwork(ctx), askNetworkAdmin(ctx)],
  },
] as const);

export type NetFindingId = keyof typeof NET_FINDINGS;
export const NET_FINDING_IDS = Object.keys(NET_FINDINGS) as NetFindingId[];
