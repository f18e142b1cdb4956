/**
 * Addressing: every resolved address compared, and whether the machine that answers is the one
 * the typed name designates.
 */
import type { Evidence, Finding } from '../model';
import { NET_CHECK_IDS, addressingDataSchema, credsspDataSchema, tlsDataSchema } from '../checks/net';
import { evidence, mstscAddress } from '../catalog';
import { ms } from './describe';
import { netFinding, usable } from './read';
import type { Rule } from './types';

export const addressFailsRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.addressing, addressingDataSchema)) {
    const working = data.addresses.filter((a) => a.ok);
    const failing = data.addresses.filter((a) => !a.ok);
    if (working.length === 0 || failing.length === 0) continue;
    const workingAddress = data.workingAddress ?? working[0]!.address;
    const line = (a: (typeof data.addresses)[number]): string =>
      a.ok ? `handshake completed in ${ms(a.durationMs)}` : `failed at ${a.stage} (${a.outcome}) after ${ms(a.durationMs)}`;
    out.push(
      netFinding(input, 'address-fails', {
        fix: { workingAddress },
        vars: {
          workingAddress: mstscAddress(workingAddress, input.target.port),
          working: working.map((a) => a.address).join(', '),
          failing: failing.map((a) => `${a.address} (${a.stage}: ${a.outcome})`).join(', '),
          count: data.addresses.length,
        },
        evidence: [...data.addresses.map((a) => evidence(`Address ${a.address}`, line(a), check.id)), evidence('Address that works', workingAddress, check.id)],
      }),
    );
  }
  return out;
};

interface NameClaim {
  name: string;
  source: string;
  /** For a NetBIOS name: the DNS domain the machine reports, which places the name. */
  domain?: string;
}

const labelOf = (name: string): string => name.toLowerCase().replace(/\.$/, '').split('.')[0] ?? '';
const suffixOf = (name: string): string => {
  const clean = name.toLowerCase().replace(/\.$/, '');
  const dot = clean.indexOf('.');
  return dot < 0 ? '' : clean.slice(dot + 1);
};

/**
 * A claim contradicts the typed name only where it is comparable: a short typed name against any
 * name, a full typed name against a name in the same DNS domain (machines register their own
 * names there). A cloud alias in another domain, or a name only the certificate of a certificate
 * authority carries, is never taken as evidence.
 */
function contradicts(claim: NameClaim, typedSuffix: string): boolean {
  if (typedSuffix === '') return true;
  const suffix = suffixOf(claim.name);
  if (suffix !== '') return suffix === typedSuffix;
  return claim.domain !== undefined && claim.domain.toLowerCase().replace(/\.$/, '') === typedSuffix;
}

export const namePointsElsewhereRule: Rule = (input) => {
  const { target } = input;
  if (target.kind !== 'dns' || input.context.targetIsLocal) return [];
  const typedLabel = labelOf(target.host);
  const typedSuffix = suffixOf(target.host);
  if (typedLabel === 'localhost') return [];

  const claims = new Map<string, NameClaim[]>();
  const matchedByCertificate = new Set<string>();
  const sourceCheck = new Map<string, string>();
  const add = (address: string, claim: NameClaim, checkId: string): void => {
    if (!claim.name.trim()) return;
    claims.set(address, [...(claims.get(address) ?? []), claim]);
    if (!sourceCheck.has(address)) sourceCheck.set(address, checkId);
  };

  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.credssp, credsspDataSchema)) {
    const ntlm = data.ntlm;
    if (data.outcome !== 'challenge' || !ntlm) continue;
    if (ntlm.dnsComputer) add(data.address, { name: ntlm.dnsComputer, source: 'NTLM DNS computer name' }, check.id);
    if (ntlm.netbiosComputer) {
      add(data.address, { name: ntlm.netbiosComputer, source: 'NTLM NetBIOS computer name', ...(ntlm.dnsDomain ? { domain: ntlm.dnsDomain } : {}) }, check.id);
    }
  }
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema)) {
    if (data.nameMatch?.matches) matchedByCertificate.add(data.address);
    const cert = data.certificate;
    // Windows names its self-signed Remote Desktop certificate after the machine; other certificates may carry aliases.
    if (!cert?.selfSigned) continue;
    for (const name of new Set([...(cert.subjectCN ? [cert.subjectCN] : []), ...cert.dnsNames])) add(data.address, { name, source: 'self-signed certificate' }, check.id);
  }

  const out: Finding[] = [];
  for (const [address, list] of claims) {
    if (matchedByCertificate.has(address)) continue;
    if (list.some((c) => labelOf(c.name) === typedLabel)) continue;
    const against = list.find((c) => contradicts(c, typedSuffix));
    if (!against) continue;
    const names = [...new Set(list.map((c) => `${c.name} (${c.source})`))];
    const checkId = sourceCheck.get(address);
    const ev: Evidence[] = [
      evidence('Name typed', `${target.host} (host label "${typedLabel}")`),
      ...list.map((c) => evidence(c.source, c.domain ? `${c.name} (domain ${c.domain})` : c.name, checkId)),
    ];
    out.push(
      netFinding(input, 'name-points-elsewhere', {
        address,
        vars: { answeringName: against.name, label: typedLabel, names: names.join(', ') },
        evidence: ev,
      }),
    );
  }
  return out;
};
