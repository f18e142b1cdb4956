/**
 * The command line end to end on a REAL routed network: the CLI (bundled from the current source)
 * runs inside a client network namespace whose router (another namespace, e2e/servers/netns.ts)
 * answers ICMP host-unreachable for one prefix, refuses on its own address, and runs a fault host
 * that accepts a connection and resets it at once. Loopback can produce none of the first and only
 * a racy version of the last, so these are the only end-to-end tests of "unreachable" and "reset at
 * connect". Needs root and `ip netns`; skips with the reason otherwise.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../scripts/nodeBundle.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsUnavailableReason, startNetns, stopAll, type NetnsTopology } from '../e2e/servers';
import { makeTempDir, type TempDir } from '../e2e/servers/tempdir';
import { diagnosisSchema, type Diagnosis } from '../shared/model';

const ROOT = path.resolve(__dirname, '..');

const findIptables = (): boolean => ['/usr/sbin/iptables', '/sbin/iptables'].some((p) => existsSync(p));

/** Runs a command (bounded), rejecting with its stderr on failure. */
const run = (command: string, args: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 10_000 }, (err, _stdout, stderr) => (err ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || err.message}`)) : resolve()));
  });
const reason = netnsUnavailableReason();
if (reason) console.warn(`[cli netns] skipping: ${reason}`);

/** Checks after the TCP connect that need an open port; each must say why it was skipped. */
const LATER_CHECKS = ['rdp-listener', 'tls', 'security-layers', 'credssp', 'stability'];

describe.skipIf(reason !== null)(`rdp-doctor diagnose inside a network namespace${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let topology: NetnsTopology;
  let dir: TempDir;
  let runner: string;

  beforeAll(async () => {
    dir = await makeTempDir('cli-netns');
    // The CLI as bin/rdp-doctor.cjs runs it, but bundled from the source under test (dist/ may be stale).
    await build({ ...nodeBundleOptions(ROOT, false), entryPoints: [path.join(ROOT, 'electron', 'cli.ts')], outfile: path.join(dir.path, 'cli.cjs'), external: ['electron'], logLevel: 'error' });
    runner = path.join(dir.path, 'rdp-doctor.cjs');
    writeFileSync(runner, "'use strict';\nrequire('./cli.cjs').main();\n");
    topology = await startNetns();
    await topology.startHost('reset-on-connect', 3389);
  }, 60_000);
  afterAll(async () => {
    await stopAll();
    await dir?.remove();
  });

  /** `ip netns exec <client> node rdp-doctor.cjs diagnose ADDRESS[:PORT] --json --timeout 2000 [--no-udp]`. */
  const diagnose = (target: string, udp = false, on: NetnsTopology = topology): Promise<{ code: number | null; d: Diagnosis; stderr: string }> => {
    const [command, ...args] = on.clientCommand(process.execPath, [runner, 'diagnose', target, '--json', '--timeout', '2000', ...(udp ? [] : ['--no-udp'])]);
    return new Promise((resolve, reject) => {
      execFile(command, args, { timeout: 30_000, env: { ...process.env, RDP_DOCTOR_DATA_DIR: dir.path, NO_COLOR: '1' } }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        try {
          resolve({ code, d: diagnosisSchema.parse(JSON.parse(stdout)), stderr });
        } catch (parseError) {
          reject(new Error(`exit ${String(code)}; ${(parseError as Error).message}\nstdout: ${stdout.slice(0, 2000)}\nstderr: ${stderr}`));
        }
      });
    });
  };

  const check = (d: Diagnosis, id: string): Diagnosis['checks'][number] | undefined => d.checks.find((c) => c.id === id);

  const expectLaterChecksSkipped = (d: Diagnosis, except: string[] = []): void => {
    for (const id of LATER_CHECKS.filter((c) => !except.includes(c))) {
      const c = check(d, id);
      expect(c?.status, id).toBe('skipped');
      expect(c?.reason, id).toMatch(/\S/);
    }
  };

  for (const which of ['unreachable', 'rejected'] as const) {
    it(`a router answering ICMP host-unreachable (${which === 'unreachable' ? 'unreachable route' : 'iptables REJECT'}): tcp unreachable/EHOSTUNREACH, host-unreachable, later checks skipped, exit 1`, async () => {
      const address = topology.info[which];
      if (address === null) {
        console.warn('[cli netns] iptables missing: no REJECT destination in the topology');
        return;
      }
      const { code, d } = await diagnose(address);
      expect(d.target).toMatchObject({ host: address, port: 3389 });
      const tcp = check(d, 'tcp');
      expect(tcp?.status).toBe('fail');
      expect(tcp?.data).toMatchObject({ address, port: 3389, outcome: 'unreachable', errorCode: 'EHOSTUNREACH' });
      const ids = d.findings.map((f) => f.id);
      expect(ids).toContain('host-unreachable');
      expect(ids).not.toContain('port-filtered');
      expect(ids).not.toContain('port-closed');
      const finding = d.findings.find((f) => f.id === 'host-unreachable');
      expect(finding?.severity).toBe('error');
      expect(JSON.stringify(finding?.evidence)).toContain('EHOSTUNREACH');
      expectLaterChecksSkipped(d);
      expect(code).toBe(1);
    }, 40_000);
  }

  it('the router itself with nothing listening: refused, port-closed (the control for the two others)', async () => {
    const { code, d } = await diagnose(`${topology.info.hostAddress}:3390`);
    expect(check(d, 'tcp')?.data).toMatchObject({ outcome: 'refused', errorCode: 'ECONNREFUSED' });
    const ids = d.findings.map((f) => f.id);
    expect(ids).toContain('port-closed');
    expect(ids).not.toContain('host-unreachable');
    expect(ids).not.toContain('reset-during-handshake');
    expectLaterChecksSkipped(d);
    expect(code).toBe(1);
  }, 40_000);

  it('a host that accepts the connection and resets it before any byte: reset-during-handshake, never refused, exit 1', async () => {
    const paths = new Set<string>();
    // The RST races the client's connect callback, so both engine paths are checked over a few runs.
    for (let run = 0; run < 4; run++) {
      const { code, d } = await diagnose(topology.info.hostAddress);
      const tcp = check(d, 'tcp');
      const data = tcp?.data as { outcome?: string; errorCode?: string } | undefined;
      const ids = d.findings.map((f) => f.id);
      expect(ids).toContain('reset-during-handshake');
      for (const wrong of ['port-closed', 'port-filtered', 'host-unreachable', 'not-rdp']) expect(ids).not.toContain(wrong);
      const finding = d.findings.find((f) => f.id === 'reset-during-handshake');
      expect(finding?.severity).toBe('error');
      if (data?.outcome === 'reset') {
        // The RST arrived before the connect callback: connect() itself failed with ECONNRESET.
        expect(tcp?.status).toBe('fail');
        expect(data.errorCode).toBe('ECONNRESET');
        expect(finding?.evidence.some((e) => e.checkId === 'tcp')).toBe(true);
        expectLaterChecksSkipped(d);
      } else {
        // Connected (SYN-ACK came back), then the X.224 request met the reset.
        expect(data?.outcome).toBe('open');
        const listener = check(d, 'rdp-listener');
        expect(listener?.status).toBe('fail');
        expect(listener?.data).toMatchObject({ reply: { kind: 'reset' } });
        expect(finding?.evidence.some((e) => e.checkId === 'rdp-listener')).toBe(true);
        expectLaterChecksSkipped(d, ['rdp-listener']);
      }
      expect(code).toBe(1);
      paths.add(data?.outcome === 'reset' ? 'tcp:reset(ECONNRESET)' : 'tcp:open, rdp-listener:reset');
    }
    console.info(`[cli netns] reset at connect, engine paths seen: ${[...paths].join('; ')}`);
  }, 90_000);

  it('a server behind a path-MTU black hole (router links at 1,200 bytes, ICMP fragmentation-needed dropped): path-mtu-black-hole with the measured 1200 bytes, exit 1; a stall on a full-size path is not one', async () => {
    if (!findIptables()) {
      console.warn('[cli netns] iptables missing: no black hole can be built');
      return;
    }
    const holed = await startNetns({ pathMtu: 1200 });
    try {
      // The fault's certificate flight (about 1.4 KB) does not fit in 1,200 bytes; its X.224 confirm does.
      await holed.startServerHost('tls-ok', 3389);
      const server = holed.info.serverAddress!;
      const { code, d } = await diagnose(server, false, holed);
      const listener = check(d, 'rdp-listener');
      expect(listener?.status).toBe('pass');
      const mtu = check(d, 'path-mtu');
      expect(mtu?.status).toBe('fail');
      expect(mtu?.data).toMatchObject({ address: server, outcome: 'black-hole', largestPayload: 1172, pathMtu: 1200, smallestLost: 1173 });
      const stalls = (mtu?.data as { stalls: Array<{ stage: string }> }).stalls;
      expect(stalls.length).toBeGreaterThan(0);
      expect(stalls.every((s) => s.stage === 'tls')).toBe(true);
      const finding = d.findings.find((f) => f.id === 'path-mtu-black-hole');
      expect(finding?.severity).toBe('error');
      expect(finding?.plain).toContain('1200 bytes');
      expect(finding?.detail).toContain('ping -4 -n -c 1');
      expect(finding?.fixes.map((f) => f.id)).toEqual(expect.arrayContaining(['lower-vpn-mtu', 'clamp-mss', 'test-path-mtu']));
      expect(JSON.stringify(finding?.fixes)).toContain('-NlMtuBytes 1200');
      expect(JSON.stringify(finding?.fixes)).toContain('--set-mss 1160');
      // The black hole explains the stalled handshakes: not reported as a failing TLS setup as well.
      expect(d.findings.map((f) => f.id)).not.toContain('tls-handshake-failed');
      expect(code).toBe(1);

      // The control: a server that stalls TLS itself, on a path that carries full-size packets.
      await topology.startHost('stall-after-x224', 3395);
      const stalled = await diagnose(`${topology.info.hostAddress}:3395`);
      expect(check(stalled.d, 'path-mtu')?.data).toMatchObject({ outcome: 'path-ok', largestPayload: 1472 });
      expect(stalled.d.findings.map((f) => f.id)).not.toContain('path-mtu-black-hole');
      expect(stalled.d.findings.map((f) => f.id)).toContain('tls-handshake-failed');
    } finally {
      await holed.stop();
    }
  }, 90_000);

  it('UDP across the routed network: a closed UDP port answers ICMP port-unreachable, a dropped one gives no answer; both informational', async () => {
    // The router's kernel answers a datagram to a port nobody listens on with ICMP port unreachable.
    const closed = await diagnose(`${topology.info.hostAddress}:3390`, true);
    const closedUdp = check(closed.d, 'udp');
    expect(closedUdp?.data).toMatchObject({ address: topology.info.hostAddress, port: 3390, outcome: 'icmp-unreachable' });
    expect(closedUdp?.status).toBe('pass');

    // A DROP rule in the router's own namespace (this test's namespace, removed with it): silence.
    if (!findIptables()) {
      console.warn('[cli netns] iptables missing: the dropped-UDP case is not checked');
      return;
    }
    await run('ip', ['netns', 'exec', topology.info.router, 'iptables', '-w', '5', '-I', 'INPUT', '-p', 'udp', '--dport', '3392', '-j', 'DROP']);
    const dropped = await diagnose(`${topology.info.hostAddress}:3392`, true);
    const droppedUdp = check(dropped.d, 'udp');
    expect(droppedUdp?.data).toMatchObject({ port: 3392, outcome: 'no-answer' });
    expect(droppedUdp?.status).toBe('pass');
    expect(droppedUdp?.summary).toMatch(/cannot tell which/);
    // UDP never makes a finding of its own: the findings are the TCP ones (nothing listens on 3392).
    for (const f of [...closed.d.findings, ...dropped.d.findings]) expect(f.evidence.every((e) => e.checkId !== 'udp'), f.id).toBe(true);
  }, 60_000);
});
