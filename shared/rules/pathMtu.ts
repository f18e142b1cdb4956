/**
 * Path-MTU black holes: a connection stalled after the small exchange before TLS worked, and the
 * don't-fragment ping sweep confirmed that packets above some size are lost with no "too big"
 * message back (electron/checks/net/pathMtu.ts). The measured size goes into the words and fixes.
 */
import type { Finding } from '../model';
import { NET_CHECK_IDS, pathMtuDataSchema, type PathMtuData, type Stall } from '../checks/net';
import { evidence } from '../catalog';
import { ms } from './describe';
import { netFinding, usable } from './read';
import type { Rule, RuleInput } from './types';

const STAGE: Record<Stall['stage'], string> = { tls: 'TLS handshake', 'post-tls': 'first exchange after TLS' };

export function stallLine(s: Stall): string {
  const bytes = s.bytesReceived === undefined ? '' : `, ${s.bytesReceived} bytes of the server's reply received`;
  return `${s.connection}: ${STAGE[s.stage]} stalled${bytes}, no answer for ${ms(s.waitedMs)}`;
}

function probeLine(data: PathMtuData): string {
  return data.probes.map((p) => `${p.payload} ${p.outcome}${p.mtu ? ` (mtu ${p.mtu})` : ''}`).join(', ');
}

/** The confirmed black holes, by address. */
export function blackHoles(input: RuleInput): PathMtuData[] {
  return usable(input.checks, NET_CHECK_IDS.pathMtu, pathMtuDataSchema)
    .map(({ data }) => data)
    .filter((d) => d.outcome === 'black-hole' && d.pathMtu !== null && d.largestPayload !== null);
}

export const pathMtuRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.pathMtu, pathMtuDataSchema)) {
    if (data.outcome !== 'black-hole' || data.pathMtu === null || data.largestPayload === null) continue;
    const header = data.pathMtu - data.largestPayload;
    const lost = (data.smallestLost ?? data.largestPayload + 1) + header;
    out.push(
      netFinding(input, 'path-mtu-black-hole', {
        address: data.address,
        vars: {
          mtu: data.pathMtu,
          payload: data.largestPayload,
          lost,
          mss: data.pathMtu - (data.family === 6 ? 60 : 40),
          stalls: data.stalls.map(stallLine).join('; '),
          probes: probeLine(data),
          command: data.command,
        },
        fix: { pathMtu: { mtu: data.pathMtu, payload: data.largestPayload, address: data.address } },
        evidence: [
          evidence('Largest packet that crosses (don\'t fragment)', `${data.pathMtu} bytes (ping payload ${data.largestPayload}); ${lost} bytes lost with no "too big" message`, check.id),
          ...data.stalls.map((s) => evidence('Stalled connection', stallLine(s), check.id)),
          evidence('Pings', probeLine(data), check.id),
          ...(data.command ? [evidence('Command', data.command, check.id)] : []),
        ],
      }),
    );
  }
  return out;
};
