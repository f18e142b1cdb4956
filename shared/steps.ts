/**
 * The wizard's steps, in order. One definition drives the renderer's step list,
 * the engine's grouping of checks and the report's sections.
 */
import { z } from 'zod';

export const STEP_IDS = [
  'target',
  'reachability',
  'certificate',
  'security',
  'addressing',
  'stability',
  'summary',
] as const;

export const stepIdSchema = z.enum(STEP_IDS);
export type StepId = z.infer<typeof stepIdSchema>;

/** Steps that run checks (target and summary do not). */
export const CHECK_STEPS = ['reachability', 'certificate', 'security', 'addressing', 'stability'] as const;
export type CheckStepId = (typeof CHECK_STEPS)[number];
export const checkStepIdSchema = z.enum(CHECK_STEPS);

export interface StepDefinition {
  id: StepId;
  /** Short label for the step list. */
  label: string;
  /** One sentence: what this step finds out, in plain words. */
  purpose: string;
  /** What it checks, for the "what will be checked" list and IT staff. */
  checks: string[];
}

export const STEPS: readonly StepDefinition[] = [
  {
    id: 'target',
    label: 'Target',
    purpose: 'Tell us which computer you are trying to reach, and what the error said.',
    checks: ['Host name, IPv4 or IPv6 address, optional port (default 3389)'],
  },
  {
    id: 'reachability',
    label: 'Firewall and reachability',
    purpose: 'Can this computer reach the Remote Desktop port at all?',
    checks: [
      'Name resolution (every A and AAAA record)',
      'TCP connection to each address: open, refused, filtered or unreachable',
      'Whether an RDP listener answers (not some other service)',
      'On Windows: outbound firewall rules for mstsc and security suites',
    ],
  },
  {
    id: 'certificate',
    label: 'Certificate',
    purpose: 'Can the connection be secured: does the server present a usable certificate?',
    checks: [
      'TLS handshake after the RDP negotiation, per TLS version (1.0 to 1.3)',
      'The server certificate: validity dates, name, key, signature, fingerprints',
      'On the server: the Remote Desktop certificate store, the key file permissions, Schannel and RDP events',
    ],
  },
  {
    id: 'security',
    label: 'NLA and security layer',
    purpose: 'Do this computer and the server agree on how to secure and authenticate the session?',
    checks: [
      'Security layers the server accepts and requires (standard RDP, TLS, CredSSP/NLA, HYBRID_EX)',
      'CredSSP/NTLM pre-authentication information: server name, OS build, clock',
      'On Windows: CredSSP encryption oracle policy, listener NLA and SecurityLayer settings',
    ],
  },
  {
    id: 'addressing',
    label: 'IP instead of host name',
    purpose: 'Does connecting by IP address work where the name does not?',
    checks: ['Every resolved address checked separately', 'Whether the machine that answers is the one the name designates'],
  },
  {
    id: 'stability',
    label: 'Connection stability',
    purpose: 'Does the connection hold up when tried several times?',
    checks: [
      'Repeated full handshakes (TCP, X.224, TLS) with timings',
      'UDP on the Remote Desktop port (informational)',
      'On Windows: VPN adapters, network adapter power saving',
    ],
  },
  {
    id: 'summary',
    label: 'Summary',
    purpose: 'Everything found, ranked, with what was fixed and what is left.',
    checks: [],
  },
];

export function stepDefinition(id: StepId): StepDefinition {
  const def = STEPS.find((s) => s.id === id);
  if (!def) throw new Error(`unknown step ${id}`);
  return def;
}

export function stepIndex(id: StepId): number {
  return STEP_IDS.indexOf(id);
}
