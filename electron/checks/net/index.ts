/**
 * The network checks, in run order, as the engine sees them (electron/engine/types.ts).
 * Each unit runs one probe and judges its data (judge.ts). A unit whose prerequisite failed reports
 * `skipped` with the reason in plain words; a step run alone resolves and connects what it needs.
 */
import { NET_CHECK_IDS, rdpListenerDataSchema, stabilityDataSchema, tlsDataSchema, type RdpListenerData } from '../../../shared/checks/net';
import type { CheckResult } from '../../../shared/model';
import type { CheckStepId } from '../../../shared/steps';
import { stoppedText } from '../../engine/deadline';
import { skipped, type CheckContext, type CheckDefinition, type CheckUnit } from '../../engine/types';
import { answeringNamesFrom, probeAddressing } from './addressing';
import { ensureAddresses, handshakeRequest, latestResult, noAddressReason, PROBE_COOKIE, rdpAddress, resolveTarget, securityLayersFor } from './context';
import { probeCredssp } from './credssp';
import { hostPort, judgeAddressing, judgeCredssp, judgeDns, judgePathMtu, judgeRdpListener, judgeSecurityLayers, judgeStability, judgeTcp, judgeTls, judgeUdp, type CheckJudgement } from './judge';
import { probePathMtu, stallsIn } from './pathMtu';
import { oneHandshakeReason, slowServer } from './plan';
import { cutBeforeAnswer, retryWhenCut } from './retry';
import { probeSecurityLayers } from './securityLayers';
import { probeStability } from './stability';
import { tcpConnect } from './tcp';
import { probeTls } from './tls';
import { probeUdp } from './udp';
import { REQUEST_TLS_AND_CREDSSP, x224Exchange } from './x224';

export { ensureAddresses } from './context';

function result(id: string, step: CheckStepId, verdict: CheckJudgement, durationMs: number, data: object, address?: string): CheckResult {
  return {
    id,
    step,
    status: verdict.status,
    durationMs: Math.max(0, Math.round(durationMs * 10) / 10),
    summary: verdict.summary,
    ...(verdict.reason ? { reason: verdict.reason } : {}),
    data: data as Record<string, unknown>,
    ...(address ? { address } : {}),
  };
}

/** A unit that reports `skipped` at once. */
function skippedUnit(id: string, step: CheckStepId, label: string, reason: string, address?: string, data: Record<string, unknown> = {}): CheckUnit {
  return { id, label, ...(address ? { address } : {}), run: async () => skipped(id, step, reason.slice(0, 500), address, data) };
}

/** Run a probe; when the run was cancelled meanwhile, report that instead of a half result (and drop its data). */
async function guarded(ctx: CheckContext, id: string, step: CheckStepId, address: string | undefined, body: () => Promise<CheckResult>): Promise<CheckResult> {
  if (ctx.signal.aborted) return skipped(id, step, stoppedText(ctx.signal), address);
  const out = await body();
  // What a probe saw after the cancel or the run's deadline (a "timeout", a closed socket) is their
  // doing, not the server's: none of it is kept, so nothing downstream can show it as a result.
  if (ctx.signal.aborted && out.status !== 'pass') return { ...skipped(id, step, stoppedText(ctx.signal), address), durationMs: out.durationMs };
  return out;
}

/** What the listener check's answer at this address cost (TCP connect + X.224 reply), when it ran. */
function listenerAnswerMs(ctx: CheckContext, address: string): number | null {
  const listener = latestResult(ctx.memory, NET_CHECK_IDS.rdpListener, address);
  return listener && listener.status !== 'skipped' ? listener.durationMs : null;
}

/** The data of a check that ran at this address, parsed; undefined when it did not run there. */
function dataAt<T>(ctx: CheckContext, id: string, address: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined {
  const found = latestResult(ctx.memory, id, address);
  if (!found || found.status === 'skipped') return undefined;
  const parsed = schema.safeParse(found.data);
  return parsed.success ? parsed.data : undefined;
}

// ---------------------------------------------------------------- reachability

const dnsCheck: CheckDefinition = {
  id: NET_CHECK_IDS.dns,
  step: 'reachability',
  label: 'Resolving the computer name',
  after: [],
  plan: (ctx) => [
    {
      id: NET_CHECK_IDS.dns,
      label: `Resolving ${ctx.target.host}`,
      run: (c) =>
        guarded(c, NET_CHECK_IDS.dns, 'reachability', undefined, async () => {
          const data = await resolveTarget(c);
          return result(NET_CHECK_IDS.dns, 'reachability', judgeDns(data), data.durationMs, data);
        }),
    },
  ],
};

const tcpCheck: CheckDefinition = {
  id: NET_CHECK_IDS.tcp,
  step: 'reachability',
  label: 'Connecting to the Remote Desktop port',
  after: [NET_CHECK_IDS.dns],
  plan: async (ctx) => {
    const addresses = await ensureAddresses(ctx);
    if (addresses.length === 0) return [skippedUnit(NET_CHECK_IDS.tcp, 'reachability', 'Connecting', noAddressReason(ctx))];
    return addresses.map(({ address }) => ({
      id: NET_CHECK_IDS.tcp,
      label: `Connecting to ${hostPort(address, ctx.target.port)}`,
      address,
      run: (c: CheckContext) =>
        guarded(c, NET_CHECK_IDS.tcp, 'reachability', address, async () => {
          const probe = await tcpConnect(address, c.target.port, { timeoutMs: c.options.timeoutMs, signal: c.signal });
          const d = probe.data;
          return result(NET_CHECK_IDS.tcp, 'reachability', judgeTcp(d, probe.detail), d.connectMs ?? (d.outcome === 'filtered' ? d.timeoutMs : 0), d, address);
        }),
    }));
  },
};

const rdpListenerCheck: CheckDefinition = {
  id: NET_CHECK_IDS.rdpListener,
  step: 'reachability',
  label: 'Asking for Remote Desktop',
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.tcp],
  plan: async (ctx) => {
    const addresses = await ensureAddresses(ctx);
    if (addresses.length === 0) return [skippedUnit(NET_CHECK_IDS.rdpListener, 'reachability', 'Asking for Remote Desktop', noAddressReason(ctx))];
    return addresses.map(({ address }): CheckUnit => {
      const tcp = latestResult(ctx.memory, NET_CHECK_IDS.tcp, address);
      const outcome = tcp ? (tcp.data as { outcome?: string }).outcome : undefined;
      if (tcp && outcome !== 'open') {
        return skippedUnit(
          NET_CHECK_IDS.rdpListener,
          'reachability',
          `Asking ${address} for Remote Desktop`,
          `Port ${ctx.target.port} on ${address} is not open (${outcome ?? tcp.status}), so there is no listener to ask.`,
          address,
        );
      }
      return {
        id: NET_CHECK_IDS.rdpListener,
        label: `Asking ${hostPort(address, ctx.target.port)} for Remote Desktop`,
        address,
        run: (c) =>
          guarded(c, NET_CHECK_IDS.rdpListener, 'reachability', address, async () => {
            // A reset or close before any answer is tried again (bounded): one cut connection does not end the diagnosis.
            const { result: last, earlier } = await retryWhenCut(
              () => x224Exchange(address, c.target.port, REQUEST_TLS_AND_CREDSSP, { timeoutMs: c.options.timeoutMs, signal: c.signal, cookie: PROBE_COOKIE }),
              (exchange) => cutBeforeAnswer(exchange.reply),
              { signal: c.signal },
            );
            const { reply, tcp: connect } = last;
            const data: RdpListenerData = { address, reply, ...(earlier.length > 0 ? { earlier: earlier.map((e) => e.reply) } : {}) };
            return result(NET_CHECK_IDS.rdpListener, 'reachability', judgeRdpListener(data, c.target.port), reply.durationMs + (connect?.connectMs ?? 0), data, address);
          }),
      };
    });
  },
};

// ---------------------------------------------------------------- security, certificate

/**
 * One unit against the first address with an RDP listener, or a skipped unit saying why there is
 * none. `orCandidate`: also the address whose lookup was reset or closed (context.ts, RdpAddress).
 */
async function onRdpAddress(
  ctx: CheckContext,
  id: string,
  step: CheckStepId,
  label: string,
  run: (c: CheckContext, address: string) => Promise<CheckResult>,
  orCandidate = false,
): Promise<CheckUnit[]> {
  const found = await rdpAddress(ctx);
  const address = found.address ?? (orCandidate ? found.candidate : undefined);
  if (!address) return [skippedUnit(id, step, label, found.reason ?? 'No Remote Desktop listener was found.')];
  return [{ id, label: `${label} (${hostPort(address, ctx.target.port)})`, address, run: (c) => guarded(c, id, step, address, () => run(c, address)) }];
}

const securityLayersCheck: CheckDefinition = {
  id: NET_CHECK_IDS.securityLayers,
  step: 'security',
  label: 'Security layers the server accepts',
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.rdpListener],
  plan: (ctx) =>
    onRdpAddress(ctx, NET_CHECK_IDS.securityLayers, 'security', 'Security layers the server accepts', async (c, address) => {
      // A slow server's answer to the listener check is one of these requests: not asked again (plan.ts).
      const listener = dataAt(c, NET_CHECK_IDS.rdpListener, address, rdpListenerDataSchema);
      const slow = slowServer(listenerAnswerMs(c, address));
      const data = await probeSecurityLayers(address, c.target.port, { timeoutMs: c.options.timeoutMs, signal: c.signal, cookie: PROBE_COOKIE, ...(slow && listener ? { known: [listener.reply] } : {}) });
      const durationMs = data.replies.reduce((sum, r) => Math.max(sum, r.durationMs), 0);
      return result(NET_CHECK_IDS.securityLayers, 'security', judgeSecurityLayers(data), durationMs, data, address);
    }),
};

const tlsCheck: CheckDefinition = {
  id: NET_CHECK_IDS.tls,
  step: 'certificate',
  label: 'TLS handshake and server certificate',
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.rdpListener],
  plan: (ctx) =>
    onRdpAddress(ctx, NET_CHECK_IDS.tls, 'certificate', 'TLS handshake and server certificate', async (c, address) => {
      const started = performance.now();
      // A slow server: the versions from one handshake, not one connection each (plan.ts).
      const answerMs = listenerAnswerMs(c, address);
      const reason = oneHandshakeReason(answerMs);
      const probe = await probeTls(address, c.target.port, { timeoutMs: c.options.timeoutMs, signal: c.signal, name: c.target.host, cookie: PROBE_COOKIE, ...(reason && answerMs !== null ? { oneHandshake: { answerMs, reason } } : {}) });
      return result(NET_CHECK_IDS.tls, 'certificate', judgeTls(probe.data, probe.certificateError), performance.now() - started, probe.data, address);
    }),
};

const credsspCheck: CheckDefinition = {
  id: NET_CHECK_IDS.credssp,
  step: 'security',
  label: 'NLA (CredSSP) pre-authentication information',
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.rdpListener, NET_CHECK_IDS.securityLayers],
  plan: async (ctx) => {
    const found = await rdpAddress(ctx);
    const label = 'NLA (CredSSP) pre-authentication information';
    if (!found.address) return [skippedUnit(NET_CHECK_IDS.credssp, 'security', label, found.reason ?? 'No Remote Desktop listener was found.')];
    const address = found.address;
    const layers = securityLayersFor(ctx.memory, address);
    if (layers && layers.accepts.hybrid !== true && layers.accepts.hybridEx !== true) {
      return [skippedUnit(NET_CHECK_IDS.credssp, 'security', label, 'The server does not accept NLA (CredSSP), so there is no pre-authentication information to read.', address)];
    }
    return [
      {
        id: NET_CHECK_IDS.credssp,
        label: `${label} (${hostPort(address, ctx.target.port)})`,
        address,
        run: (c) =>
          guarded(c, NET_CHECK_IDS.credssp, 'security', address, async () => {
            const probe = await probeCredssp(address, c.target.port, { timeoutMs: c.options.timeoutMs, signal: c.signal, name: c.target.host, cookie: PROBE_COOKIE });
            return result(NET_CHECK_IDS.credssp, 'security', judgeCredssp(probe.data), probe.data.durationMs, probe.data, address);
          }),
      },
    ];
  },
};

// ---------------------------------------------------------------- addressing, stability

const addressingCheck: CheckDefinition = {
  id: NET_CHECK_IDS.addressing,
  step: 'addressing',
  label: 'Each address of the computer',
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.rdpListener, NET_CHECK_IDS.tls, NET_CHECK_IDS.securityLayers, NET_CHECK_IDS.credssp],
  plan: async (ctx) => {
    const addresses = await ensureAddresses(ctx);
    // An IP literal has nothing to compare: the check does not apply.
    if (ctx.target.kind !== 'dns' && addresses.length <= 1) return [];
    if (addresses.length === 0) return [skippedUnit(NET_CHECK_IDS.addressing, 'addressing', 'Each address', noAddressReason(ctx))];
    return [
      {
        id: NET_CHECK_IDS.addressing,
        label: `Trying each address of ${ctx.target.host}`,
        run: (c) =>
          guarded(c, NET_CHECK_IDS.addressing, 'addressing', undefined, async () => {
            const started = performance.now();
            const first = addresses[0]!.address;
            const data = await probeAddressing(c.target.host, addresses, c.target.port, {
              timeoutMs: c.options.timeoutMs,
              signal: c.signal,
              knownNames: answeringNamesFrom(c.memory.results),
              requestedProtocols: handshakeRequest(c.memory, first),
              servername: c.target.host,
              cookie: PROBE_COOKIE,
            });
            return result(NET_CHECK_IDS.addressing, 'addressing', judgeAddressing(data), performance.now() - started, data);
          }),
      },
    ];
  },
};

const stabilityCheck: CheckDefinition = {
  id: NET_CHECK_IDS.stability,
  step: 'stability',
  label: 'Repeated connection attempts',
  // The listener's answer says which protocols to request: no need to wait for the security layers.
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.rdpListener],
  // Run alone (the wizard's stability step), the one lookup that found no listener may itself have
  // met the trouble this step is about (a reset now and then): the attempts will show how often.
  plan: (ctx) =>
    onRdpAddress(
      ctx,
      NET_CHECK_IDS.stability,
      'stability',
      `${ctx.options.attempts} connection attempts`,
      async (c, address) => {
        const started = performance.now();
        const data = await probeStability(address, c.target.port, {
          attempts: c.options.attempts,
          // What the listener's answer cost is what each attempt will cost at least (plan.ts).
          answerMs: listenerAnswerMs(c, address),
          slowThresholdMs: c.options.slowHandshakeMs,
          timeoutMs: c.options.timeoutMs,
          signal: c.signal,
          requestedProtocols: handshakeRequest(c.memory, address),
          servername: c.target.host,
          cookie: PROBE_COOKIE,
        });
        return result(NET_CHECK_IDS.stability, 'stability', judgeStability(data), performance.now() - started, data, address);
      },
      true,
    ),
};

const udpCheck: CheckDefinition = {
  id: NET_CHECK_IDS.udp,
  step: 'stability',
  label: 'UDP (informational)',
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.rdpListener],
  plan: async (ctx) => {
    if (!ctx.options.udp) return [];
    const found = await rdpAddress(ctx);
    const address = found.address ?? (await ensureAddresses(ctx))[0]?.address;
    if (!address) return [skippedUnit(NET_CHECK_IDS.udp, 'stability', 'UDP', noAddressReason(ctx))];
    return [
      {
        id: NET_CHECK_IDS.udp,
        label: `UDP ${hostPort(address, ctx.target.port)} (informational)`,
        address,
        run: (c) =>
          guarded(c, NET_CHECK_IDS.udp, 'stability', address, async () => {
            const data = await probeUdp(address, c.target.port, { timeoutMs: c.options.timeoutMs, signal: c.signal });
            return result(NET_CHECK_IDS.udp, 'stability', judgeUdp(data), data.durationMs, data, address);
          }),
      },
    ];
  },
};

const pathMtuCheck: CheckDefinition = {
  id: NET_CHECK_IDS.pathMtu,
  step: 'stability',
  label: 'Largest packet the path carries',
  after: [NET_CHECK_IDS.dns, NET_CHECK_IDS.rdpListener, NET_CHECK_IDS.tls, NET_CHECK_IDS.stability],
  // Only when a connection stalled the way a path-MTU black hole stalls one (pathMtu.ts): the small
  // X.224 exchange worked, then the TLS handshake (or the exchange after it) got no answer at all.
  plan: async (ctx) => {
    const found = await rdpAddress(ctx);
    const address = found.address;
    if (!address) return [];
    const stalls = stallsIn(address, dataAt(ctx, NET_CHECK_IDS.tls, address, tlsDataSchema), dataAt(ctx, NET_CHECK_IDS.stability, address, stabilityDataSchema));
    if (stalls.length === 0) return [];
    return [
      {
        id: NET_CHECK_IDS.pathMtu,
        label: `Largest packet that reaches ${address}`,
        address,
        run: (c) =>
          guarded(c, NET_CHECK_IDS.pathMtu, 'stability', address, async () => {
            const data = await probePathMtu(address, { platform: c.platform, stalls, waitMs: Math.min(1000, c.options.timeoutMs), signal: c.signal });
            return result(NET_CHECK_IDS.pathMtu, 'stability', judgePathMtu(data), data.durationMs, data, address);
          }),
      },
    ];
  },
};

/** Every network check, in run order (the engine runs steps in wizard order: certificate before security). */
export const netChecks: CheckDefinition[] = [
  dnsCheck,
  tcpCheck,
  rdpListenerCheck,
  tlsCheck,
  securityLayersCheck,
  credsspCheck,
  addressingCheck,
  stabilityCheck,
  pathMtuCheck,
  udpCheck,
];
