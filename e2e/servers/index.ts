/**
 * RDP Doctor test-server harness: real RDP servers (xrdp, FreeRDP shadow) and in-process fault
 * injectors on loopback, each on a free port with its own temp directory, all stoppable and cleaned
 * up. See README.md in this folder.
 */
export type { RunningServer, ExpectedConfirm, ExpectedAnswers } from './types';

export { startXrdp, XRDP_SCENARIOS, type XrdpScenario, type XrdpOptions, type XrdpInfo } from './xrdp';
export { startShadowNla, type ShadowOptions, type ShadowInfo, type ShadowSecurity } from './shadow';
export { startRealClient, realClientUnavailableReason, classifyClientRun, type RealClient, type ClientRun, type ClientVerdict } from './realClient';
export {
  startFault,
  FAULT_KINDS,
  type FaultKind,
  type FaultOptions,
  type FaultInfo,
  type FaultServer,
  type FaultStats,
  type MalformedVariant,
} from './faults';
export { closedPort, freePort, tryConnect, waitForTcp, LOOPBACK, type ConnectOutcome } from './ports';
export { filteredPort, cleanupStaleFirewallRules, type FilteredPort, type FilteredPortResult } from './firewall';
export {
  startNetns,
  netnsUnavailableReason,
  cleanupStaleNamespaces,
  listNamespaces,
  NETNS_PREFIX,
  NETNS_ADDRESSES,
  type NetnsTopology,
  type NetnsInfo,
} from './netns';
export { serversAvailable, type Availability, type Available } from './availability';
export { generateCert, clearCertCache, CERT_KINDS, INSPECTION_CA_SUBJECT, type CertKind, type CertInfo } from './certs';
export { ntHash, md4 } from './md4';
export { stopAll, runningServers } from './registry';
export { cleanupStaleTempDirs } from './tempdir';
export { cleanupLeftovers } from './leftovers';
export { serverScenarios, type ServerScenario, type ScenarioServer } from './scenarios';
export {
  PROTOCOL,
  FAILURE,
  encodeConnectionRequest,
  encodeConnectionConfirm,
  encodeNegotiationFailure,
  encodeBareConnectionConfirm,
  decodeConnectionConfirm,
  parseConnectionRequest,
  type DecodedConfirm,
  type ParsedRequest,
} from './x224';
export {
  x224Exchange,
  tlsUpgrade,
  probeTls,
  credsspNegotiate,
  ntlmChallengeInfo,
  encodeNtlmNegotiateTsRequest,
  type X224Outcome,
  type TlsOutcome,
  type TlsUpgradeOptions,
  type X224ExchangeOptions,
} from './client';
