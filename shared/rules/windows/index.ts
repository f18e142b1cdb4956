/**
 * The Windows rules: local check results (this computer as client, and as server when the target is
 * this computer) → findings, one file per idea. Each finding says in plain words what it means, gives
 * IT the registry paths, values and event IDs, lists the evidence, and offers fixes least invasive first.
 */
import type { Rule } from '../types';
import { nicPowerRule, nicPowerSaving, vpnActive, vpnRule } from './adapters';
import { acceptedCertChanged, acceptedCertificateRule, certStoreExpired, certificateDiffersOnWire, certificateOnWireRule, certificateStoreRule } from './certificate';
import { keyFileRule, machineKeysPermissions, schannelKeyErrors, schannelKeyErrorsRule } from './certificateKey';
import { certificateServicesOff, certificateServicesRule } from './certificateServices';
import { cipherSuitesRule, tlsNoCommonCipher } from './cipherSuites';
import { clientFirewallBlocksMstsc, clientFirewallRule } from './clientFirewall';
import { connectionFloodRule, rdpConnectionFlood } from './connectionFlood';
import { credsspPolicyMismatch, credsspRule } from './credssp';
import { assertFindingTextsCover } from './findingTexts';
import { homeEditionRule, windowsHomeCannotHost } from './homeEdition';
import { listenerRdpSecurityOnly, listenerSecurityInconsistent, listenerSettingsRule, nlaPolicyOverride, rdpDisabled } from './listenerSettings';
import { firewallLocalRulesIgnored, localFirewallRulesRule } from './localFirewallRules';
import { machineKeysFolderPermissions, machineKeysFolderRule } from './machineKeysFolder';
import { portOwnerRule, rdpPortNotListening, rdpPortTaken } from './portOwner';
import { securitySuitePresent, securitySuiteRule } from './securitySuite';
import { listenerPortFirewallMismatch, serverFirewallRule, serverFirewallRuleOff } from './serverFirewall';
import { staleCertificateHash, staleCertificateHashRule } from './staleCertificateHash';
import { servicesRule, termServiceStopped } from './termService';
import { rdpTemplateCertificate, templateCertificateRule } from './templateCertificate';
import { tlsDisabledOnServer, tlsDisabledRule } from './tlsDisabled';

/** In the order their findings are listed within a step. */
export const windowsRules: Rule[] = [
  clientFirewallRule,
  securitySuiteRule,
  servicesRule,
  certificateServicesRule,
  portOwnerRule,
  staleCertificateHashRule,
  serverFirewallRule,
  localFirewallRulesRule,
  acceptedCertificateRule,
  certificateOnWireRule,
  certificateStoreRule,
  keyFileRule,
  machineKeysFolderRule,
  schannelKeyErrorsRule,
  connectionFloodRule,
  templateCertificateRule,
  cipherSuitesRule,
  tlsDisabledRule,
  credsspRule,
  homeEditionRule,
  listenerSettingsRule,
  vpnRule,
  nicPowerRule,
];

export const WINDOWS_FINDING_IDS = [
  clientFirewallBlocksMstsc,
  securitySuitePresent,
  credsspPolicyMismatch,
  vpnActive,
  nicPowerSaving,
  rdpDisabled,
  termServiceStopped,
  serverFirewallRuleOff,
  listenerPortFirewallMismatch,
  machineKeysPermissions,
  certStoreExpired,
  schannelKeyErrors,
  tlsDisabledOnServer,
  nlaPolicyOverride,
  listenerSecurityInconsistent,
  listenerRdpSecurityOnly,
  acceptedCertChanged,
  certificateDiffersOnWire,
  certificateServicesOff,
  machineKeysFolderPermissions,
  rdpPortNotListening,
  rdpPortTaken,
  windowsHomeCannotHost,
  staleCertificateHash,
  firewallLocalRulesIgnored,
  rdpConnectionFlood,
  tlsNoCommonCipher,
  rdpTemplateCertificate,
].map((d) => d.id);

// findingTexts.json holds the words of these findings and of no other: a stray or missing entry fails when the rules load.
assertFindingTextsCover(WINDOWS_FINDING_IDS);
