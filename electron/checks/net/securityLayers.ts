/**
 * Which security layers a server accepts and requires: one connection per requestedProtocols value
 * (as nmap's rdp-enum-encryption does), then a pure derivation from the replies.
 */
import { PROTOCOL, type SecurityLayersData, type X224Reply } from '../../../shared/checks/net';
import { cutBeforeAnswer, retryWhenCut } from './retry';
import { mapLimited, type ProbeOptions } from './io';
import { REQUEST_TLS_AND_CREDSSP, x224Exchange } from './x224';

/** RDP only; TLS; TLS|CredSSP; TLS|CredSSP|CredSSP-EX. */
export const SECURITY_LAYER_REQUESTS: readonly number[] = [
  PROTOCOL.RDP,
  PROTOCOL.SSL,
  PROTOCOL.SSL | PROTOCOL.HYBRID,
  REQUEST_TLS_AND_CREDSSP,
];

type Accepts = SecurityLayersData['accepts'];
type Requires = SecurityLayersData['requires'];

/** How strong each "requires" is: a stricter requirement wins when replies disagree. */
const REQUIRES_RANK: Record<Exclude<Requires, null>, number> = { tls: 1, 'tls-user-auth': 2, hybrid: 3 };

function requiresFromFailure(code: number | undefined): Requires {
  switch (code) {
    case 1:
      return 'tls';
    case 5:
      return 'hybrid';
    case 6:
      return 'tls-user-auth';
    default:
      return null;
  }
}

/**
 * Derive accepts / requires / certNotOnServer from the replies. `null` means "not learnt".
 * Rules, per request R:
 * - R = 0: a confirm (or confirm without negotiation) means standard RDP security is accepted;
 *   a failure 1/5/6 means it is not.
 * - R with SSL: selecting SSL means TLS is accepted; selecting 0 (standard RDP) or failure 2/3, or an
 *   old server confirming without negotiation, means TLS is not offered. Failure 1/5/6 names a requirement.
 * - R with HYBRID / HYBRID_EX: selecting it means accepted; selecting something else while it was
 *   offered means the server does not use it.
 */
export function deriveSecurityLayers(replies: readonly Pick<X224Reply, 'requestedProtocols' | 'kind' | 'selectedProtocol' | 'failureCode' | 'unexpectedSelection'>[]): Omit<SecurityLayersData, 'address' | 'replies'> {
  const accepts: Accepts = { rdp: null, tls: null, hybrid: null, hybridEx: null };
  let requires: Requires = null;
  let certNotOnServer = false;
  const set = (key: keyof Accepts, value: boolean, strong = false): void => {
    // A positive observation wins over a negative one; a "strong" value (an explicit selection) always sets.
    if (strong || accepts[key] === null) accepts[key] = value;
    else if (value) accepts[key] = true;
  };

  for (const reply of replies) {
    const requested = reply.requestedProtocols;
    const asksTls = (requested & PROTOCOL.SSL) !== 0;
    const asksHybrid = (requested & PROTOCOL.HYBRID) !== 0;
    const asksHybridEx = (requested & PROTOCOL.HYBRID_EX) !== 0;
    if (reply.kind === 'confirm' && !reply.unexpectedSelection) {
      const selected = reply.selectedProtocol ?? 0;
      if (selected === PROTOCOL.RDP) {
        set('rdp', true, true);
        if (asksTls) set('tls', false);
        if (asksHybrid) set('hybrid', false);
        if (asksHybridEx) set('hybridEx', false);
      } else {
        if (selected & PROTOCOL.SSL) set('tls', true, true);
        // `tls` means TLS as the security layer on its own (no CredSSP): a CredSSP selection says nothing about it.
        if (selected & PROTOCOL.HYBRID) set('hybrid', true, true);
        if (selected & PROTOCOL.HYBRID_EX) set('hybridEx', true, true);
        if (asksHybrid && !(selected & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX))) set('hybrid', false);
        if (asksHybridEx && !(selected & PROTOCOL.HYBRID_EX)) set('hybridEx', false);
      }
    } else if (reply.kind === 'confirm-no-negotiation') {
      set('rdp', true, true);
      if (asksTls) set('tls', false);
      if (asksHybrid) set('hybrid', false);
      if (asksHybridEx) set('hybridEx', false);
    } else if (reply.kind === 'failure') {
      const code = reply.failureCode;
      const required = requiresFromFailure(code);
      if (required && (requires === null || REQUIRES_RANK[required] > REQUIRES_RANK[requires])) requires = required;
      if (code === 3) certNotOnServer = true;
      if (requested === PROTOCOL.RDP && required) set('rdp', false);
      if (asksTls && (code === 2 || code === 3)) set('tls', false);
      if (code === 5) {
        // HYBRID required: whatever was asked without HYBRID is refused.
        if (requested === PROTOCOL.RDP) set('rdp', false);
        if (asksTls && !asksHybrid && !asksHybridEx) set('tls', false);
      }
    }
  }
  return { accepts, requires, certNotOnServer };
}

export interface SecurityLayersOptions extends ProbeOptions {
  cookie?: string;
  /** requestedProtocols values to try (default SECURITY_LAYER_REQUESTS). */
  requests?: readonly number[];
  /** Connections at once (default 2: servers rate-limit new connections). */
  concurrency?: number;
  /** Answers already read for some of the requests (a slow server's listener answer): not asked again. */
  known?: readonly X224Reply[];
}

/** One connection per requestedProtocols value, with small concurrency. Never throws. */
export async function probeSecurityLayers(address: string, port: number, options: SecurityLayersOptions): Promise<SecurityLayersData> {
  const requests = options.requests ?? SECURITY_LAYER_REQUESTS;
  const replies = await mapLimited(requests, options.concurrency ?? 2, async (requested) => {
    const known = options.known?.find((r) => r.requestedProtocols === requested && !cutBeforeAnswer(r) && r.kind !== 'timeout');
    if (known) return known;
    // A connection cut before the answer is tried again (bounded, retry.ts).
    const { result } = await retryWhenCut(
      async () =>
        (
          await x224Exchange(address, port, requested, {
            timeoutMs: options.timeoutMs,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.cookie !== undefined ? { cookie: options.cookie } : {}),
          })
        ).reply,
      cutBeforeAnswer,
      options.signal ? { signal: options.signal } : {},
    );
    return result;
  });
  return { address, replies, ...deriveSecurityLayers(replies) };
}
