/**
 * Which certificate Remote Desktop presents: the one accepted before (client side), the one that
 * arrives over the network against the one this computer uses, and an expired one in its stores.
 */
import { NET_CHECK_IDS, tlsDataSchema } from '../../checks/net';
import { acceptedCertificateDataSchema } from '../../checks/windows/acceptedCertificate';
import { certStoreDataSchema, type StoreCertificate } from '../../checks/windows/certStore';
import { eventsDataSchema } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { keyFileDataSchema } from '../../checks/windows/keyFile';
import { checkSecuritySoftware, evidence, regenerateSelfSignedCert, renewCertificate, repairKeyfileAcl, tryAnotherNetwork, type FixContext } from '../../catalog';
import { usable } from '../read';
import type { Rule, RuleInput } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

const hex = (s: string | null | undefined) => (s ?? '').replace(/[^0-9a-fA-F]/g, '').toUpperCase();

export const acceptedCertChanged = windowsFindingDefinition('accepted-cert-changed', 'info', 'certificate');

export const certificateDiffersOnWire = windowsFindingDefinition('certificate-differs-on-wire', 'warning', 'certificate');

export const certStoreExpired = windowsFindingDefinition('cert-store-expired', 'error', 'certificate');

export const acceptedCertificateRule: Rule = eachResult(WINDOWS_CHECK_IDS.acceptedCertificate, acceptedCertificateDataSchema, ({ data, input, ev, found }) => {
  const presented = usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema)
    .map((r) => r.data.certificate)
    .find((c) => c !== undefined);
  if (!presented) return null;
  const sha1 = hex(presented.sha1);
  const sha256 = hex(presented.sha256);
  const entry = data.entries.find((e) => e.certHash && (e.certHash.length === 40 || e.certHash.length === 64));
  if (!entry || !entry.certHash) return null;
  const same = entry.certHash.length === 40 ? entry.certHash === sha1 : entry.certHash === sha256;
  if (same) return null;
  return found(acceptedCertChanged, {
    vars: { entry: entry.name, accepted: entry.certHash, presented: sha1 },
    evidence: [ev('Accepted before', `${entry.name}: CertHash ${entry.certHash}`), evidence('Presented now', `SHA-1 ${sha1}, valid until ${presented.validTo}`, NET_CHECK_IDS.tls)],
    fixes: [],
  });
});

/**
 * The certificate the network check received against the one this computer's listener is set to
 * use (the target is this computer). It is only a mismatch when the presented certificate is none
 * of this computer's own: the WMI hash can be stale right after a regeneration.
 */
export const certificateOnWireRule: Rule = eachResult(WINDOWS_CHECK_IDS.certStore, certStoreDataSchema, ({ data, input, ctx, ev, found }) => {
  if (!input.context.targetIsLocal) return null;
  const tls = usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema).find((r) => r.data.certificate !== undefined);
  const presented = tls?.data.certificate;
  if (!tls || !presented) return null;
  const wire = hex(presented.sha1);
  const configured = hex(data.inUseThumbprint) || hex(data.configuredThumbprint);
  if (!configured || configured === wire) return null;
  if (data.certificates.some((c) => hex(c.thumbprint) === wire)) return null;
  return found(certificateDiffersOnWire, {
    vars: {
      configured,
      presented: wire,
      address: tls.data.address,
      subject: presented.subject,
      issuer: presented.issuer,
      inUse: data.inUseThumbprint ?? 'unreadable',
      registry: data.configuredThumbprint ?? 'not set',
      local: data.certificates.map((c) => `${c.thumbprint} (${c.store})`).join(', ') || 'none',
    },
    evidence: [
      evidence('Presented on the wire', `SHA-1 ${wire}, ${presented.subject}, issuer ${presented.issuer}`, NET_CHECK_IDS.tls),
      ev('Listener uses', configured),
      ...data.certificates.map((c) => ev(`Local certificate ${c.thumbprint}`, `${c.subject}, store ${c.store}`)),
    ],
    fixes: [checkSecuritySoftware(ctx), tryAnotherNetwork(ctx)],
  });
});

/** Which certificate the listener uses (or would use): the in-use one, else the self-signed ones in the store. */
function currentCertificates(certs: readonly StoreCertificate[], inUse: string | null): StoreCertificate[] {
  const current = inUse ? certs.filter((c) => c.thumbprint === inUse) : [];
  return current.length > 0 ? current : certs.filter((c) => c.store === 'Remote Desktop');
}

function keyFileBroken(input: RuleInput): boolean {
  return usable(input.checks, WINDOWS_CHECK_IDS.keyFile, keyFileDataSchema).some(({ data }) => data.networkServiceCanRead === false || data.length === 0);
}

export const certificateStoreRule: Rule = eachResult(WINDOWS_CHECK_IDS.certStore, certStoreDataSchema, ({ data, input, ctx, ev, found }) => {
  const events = usable(input.checks, WINDOWS_CHECK_IDS.events, eventsDataSchema).flatMap((r) => r.data.groups);
  const notRenewed = events.some((g) => g.id === 1058 && g.count > 0);
  const current = currentCertificates(data.certificates, data.inUseThumbprint);
  const expired = current.filter((c) => c.validity === 'expired');
  if (expired.length === 0 || current.some((c) => c.validity === 'valid' && !data.inUseThumbprint)) return null;
  const c = expired[0]!;
  const certCtx: FixContext = { ...ctx, certificate: { selfSigned: c.selfSigned, sha1: c.thumbprint, names: [] } };
  const fixes = c.selfSigned
    ? [...(keyFileBroken(input) || notRenewed ? [repairKeyfileAcl(certCtx)] : []), regenerateSelfSignedCert(certCtx)]
    : [renewCertificate(certCtx)];
  return found(certStoreExpired, {
    ctx: certCtx,
    vars: {
      notAfter: c.notAfter ?? 'an unknown date',
      notRenewed: c.selfSigned && notRenewed ? ', and Windows failed to replace it (event 1058)' : '',
      action: c.selfSigned ? 'Windows normally replaces its own certificate; deleting the expired one makes it create a new one.' : 'It was issued by a certificate authority: IT needs to renew it.',
      store: c.store,
      thumbprint: c.thumbprint,
      subject: c.subject,
      issuer: c.issuer,
      notBefore: c.notBefore ?? 'unknown',
      privateKey: c.hasPrivateKey ? 'yes' : 'no',
      inUse: c.inUse ? 'yes' : 'unknown',
      inUseThumbprint: data.inUseThumbprint ?? 'unreadable',
    },
    evidence: current.map((x) => ev(`Certificate ${x.thumbprint}`, `${x.subject}, issuer ${x.issuer}, valid ${x.notBefore ?? '?'} to ${x.notAfter ?? '?'} (${x.validity}), private key ${x.hasPrivateKey ? 'yes' : 'no'}, store ${x.store}${x.inUse ? ', in use' : ''}`)),
    fixes,
  });
});
