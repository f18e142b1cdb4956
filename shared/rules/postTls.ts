/**
 * One stage past TLS: the connection was secured, and the first exchange after it (MCS
 * Connect-Initial, or the CredSSP NTLM NEGOTIATE) was cut, refused or left unanswered. Seen by the
 * repeated handshakes (stability) and by the NLA check (credssp).
 */
import type { Evidence, Finding } from '../model';
import { NET_CHECK_IDS, credsspDataSchema, stabilityDataSchema, type HandshakeAttempt, type PostTls } from '../checks/net';
import { evidence } from '../catalog';
import { ms } from './describe';
import { netFinding, usable } from './read';
import type { Rule } from './types';

/** Everything but a proper answer (and a cancel) is where mstsc would stop too. */
export function postTlsFailed(post: Pick<PostTls, 'outcome'>): boolean {
  return post.outcome !== 'answered' && post.outcome !== 'aborted';
}

export const POST_TLS_STAGE: Record<PostTls['kind'], string> = { mcs: 'MCS Connect-Initial', credssp: 'CredSSP NTLM NEGOTIATE' };

/** "MCS Connect-Initial: reset after 377 bytes sent, 0 received, 4 ms (connection: 801 bytes sent, 1884 received, 19 ms in all)". */
export function postTlsLine(post: PostTls, attempt?: Pick<HandshakeAttempt, 'durationMs' | 'bytesSent' | 'bytesReceived'>): string {
  const whole = attempt && attempt.bytesSent !== undefined && attempt.bytesReceived !== undefined ? ` (the connection: ${attempt.bytesSent} bytes sent, ${attempt.bytesReceived} received, ended at ${ms(attempt.durationMs)})` : '';
  return `${POST_TLS_STAGE[post.kind]}: ${post.outcome} after ${post.bytesSent} bytes sent and ${post.bytesReceived} received, ${ms(post.durationMs)}${whole}. ${post.detail}`;
}

function how(posts: readonly PostTls[]): string {
  const outcomes = [...new Set(posts.map((p) => p.outcome))];
  const words: Record<PostTls['outcome'], string> = {
    reset: 'reset',
    closed: 'closed',
    disconnect: 'refused with a disconnect',
    refused: 'refused',
    timeout: 'no answer',
    malformed: 'an unreadable answer',
    answered: 'answered',
    aborted: 'cancelled',
  };
  return outcomes.map((o) => words[o]).join(', ');
}

export const cutAfterTlsRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.stability, stabilityDataSchema)) {
    const cut = data.attempts.filter((a): a is HandshakeAttempt & { postTls: PostTls } => !a.ok && a.stage === 'post-tls' && a.postTls !== undefined && postTlsFailed(a.postTls));
    if (cut.length === 0) continue;
    const posts = cut.map((a) => a.postTls);
    const lines = cut.map((a) => `Attempt ${a.n}: ${postTlsLine(a.postTls, a)}`);
    out.push(
      netFinding(input, 'cut-after-tls', {
        address: data.address,
        vars: {
          what: `${how(posts)}, ${cut.length} of ${data.attempts.length} attempts`,
          stage: POST_TLS_STAGE[posts[0]!.kind],
          stages: `Handshakes to ${data.address}: ${lines.join('; ')}`,
        },
        evidence: cut.map((a): Evidence => evidence(`Attempt ${a.n} (stage: after TLS, ${POST_TLS_STAGE[a.postTls.kind]})`, postTlsLine(a.postTls, a), check.id)),
      }),
    );
  }
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.credssp, credsspDataSchema)) {
    const post = data.postTls;
    if (!post || !postTlsFailed(post)) continue;
    // An unreadable TSRequest is the NLA check's own finding material, not a cut.
    if (post.outcome === 'malformed') continue;
    out.push(
      netFinding(input, 'cut-after-tls', {
        address: data.address,
        step: 'security',
        vars: { what: how([post]), stage: POST_TLS_STAGE[post.kind], stages: `NLA check at ${data.address}: ${postTlsLine(post)}` },
        evidence: [evidence(`NLA (stage: after TLS, ${POST_TLS_STAGE[post.kind]})`, postTlsLine(post), check.id)],
      }),
    );
  }
  return out;
};
