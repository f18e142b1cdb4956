/**
 * The services Remote Desktop's certificate needs (11.14): Cryptographic Services must run; CNG Key
 * Isolation and Certificate Propagation start on demand, so only "Disabled" is a fault there. With
 * one of them off, Remote Desktop cannot open its certificate's key and TLS never starts (0x904).
 */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { certificateServiceProblems, servicesDataSchema, type ServiceState } from '../../checks/windows/services';
import { fix, powershellCommand, type FixContext } from '../../catalog';
import type { FixSuggestion } from '../../model';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

const DISPLAY: Record<string, string> = { CryptSvc: 'Cryptographic Services', KeyIso: 'CNG Key Isolation', CertPropSvc: 'Certificate Propagation' };
/** The start type Windows installs each with. */
const DEFAULT_START: Record<string, 'Automatic' | 'Manual'> = { CryptSvc: 'Automatic', KeyIso: 'Manual', CertPropSvc: 'Manual' };

export const certificateServicesOff = windowsFindingDefinition('certificate-services-off', 'error', 'certificate');

export function startCertificateServices(ctx: FixContext, services: readonly ServiceState[]): FixSuggestion {
  const names = services.map((s) => s.name).filter((n) => n in DEFAULT_START);
  return fix(ctx, {
    id: 'start-certificate-services',
    title: 'Switch the certificate services back on',
    plain: `Set ${names.map((n) => DISPLAY[n]).join(', ')} back to how Windows installs ${names.length === 1 ? 'it' : 'them'} and start ${names.length === 1 ? 'it' : 'them'}.`,
    where: 'server',
    invasiveness: 'low',
    risk: 'These are standard Windows services that are on by default; nobody is signed out. If IT switched one off on purpose (a hardening baseline), ask them first.',
    steps: ['On the computer you connect to, open PowerShell as administrator.', 'Run the commands below.', 'Run the check again.'],
    commands: names.flatMap((n) => [powershellCommand(`Set ${n} to ${DEFAULT_START[n]}`, `Set-Service -Name ${n} -StartupType ${DEFAULT_START[n]}`), powershellCommand(`Start ${n}`, `Start-Service -Name ${n}`)]),
  });
}

const stateOf = (s: ServiceState) => `${s.name} (${DISPLAY[s.name] ?? s.name}): ${s.status ?? 'unknown'}, start ${s.startType ?? 'unknown'}${s.account ? `, as ${s.account}` : ''}`;

export const certificateServicesRule: Rule = eachResult(WINDOWS_CHECK_IDS.services, servicesDataSchema, ({ data, ctx, ev, found }) => {
  const off = certificateServiceProblems(data.services);
  if (off.length === 0) return null;
  const names = off.map((s) => DISPLAY[s.name] ?? s.name).join(', ');
  return found(certificateServicesOff, {
    vars: { names, verb: off.length === 1 ? 'is' : 'are', them: off.length === 1 ? 'it' : 'them', states: data.services.filter((s) => s.name in DEFAULT_START).map(stateOf).join('; ') },
    evidence: off.map((s) => ev(s.name, stateOf(s))),
    fixes: [startCertificateServices(ctx, off)],
  });
});
