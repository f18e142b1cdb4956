/**
 * Every real-server scenario the harness runs, as one list for the tests that go through them all
 * (truth.spec walks each in the wizard and on the command line): each xrdp scenario, FreeRDP shadow
 * with NLA and with TLS, every fault injector, and a filtered port. Each says why it cannot run on
 * this machine and how it takes clients, so a test needs no knowledge of the servers behind it.
 */
import { serversAvailable } from './availability';
import { FAULT_KINDS, startFault, type FaultKind } from './faults';
import { filteredPort } from './firewall';
import { startShadowNla } from './shadow';
import { startXrdp, XRDP_SCENARIOS } from './xrdp';

/** An instance of a scenario on loopback. */
export interface ScenarioServer {
  port: number;
  /** Stops it; idempotent. */
  stop(): Promise<void>;
}

export interface ServerScenario {
  /** 'xrdp expired-cert', 'shadow nla', 'fault banner', 'filtered port'. */
  name: string;
  /** Why it cannot run on this machine (a binary missing), or null. A filtered port finds out only when started. */
  unavailable: string | null;
  /** Takes one client at a time: two at once make its handshakes slow (FreeRDP shadow's NLA). */
  oneClientAtATime: boolean;
  /** Answers by the count of connections, so which client meets which answer is chance: give each client an instance of its own. */
  countsConnections: boolean;
  /** Starts an instance; { skipped } when this machine cannot (no firewall for a filtered port). */
  start(): Promise<ScenarioServer | { skipped: string }>;
}

/** The faults that answer by the count of connections (every Nth is cut). */
const COUNTING_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['flaky', 'flaky-after-tls']);

/** Every scenario, in this order: xrdp, FreeRDP shadow, faults, the filtered port. */
export function serverScenarios(): ServerScenario[] {
  const available = serversAvailable();
  const reason = (a: true | string): string | null => (a === true ? null : a);
  const plain = { oneClientAtATime: false, countsConnections: false };
  return [
    ...XRDP_SCENARIOS.map((scenario) => ({ ...plain, name: `xrdp ${scenario}`, unavailable: reason(available.xrdp), start: () => startXrdp(scenario) })),
    ...(['nla', 'tls'] as const).map((sec) => ({ ...plain, name: `shadow ${sec}`, unavailable: reason(available.shadow), oneClientAtATime: true, start: () => startShadowNla({ sec }) })),
    ...FAULT_KINDS.map((kind) => ({ ...plain, name: `fault ${kind}`, unavailable: null, countsConnections: COUNTING_FAULTS.has(kind), start: () => startFault(kind) })),
    {
      ...plain,
      name: 'filtered port',
      unavailable: null,
      start: async () => {
        const filtered = await filteredPort();
        return 'skipped' in filtered ? filtered : { port: filtered.port, stop: () => filtered.remove() };
      },
    },
  ];
}
