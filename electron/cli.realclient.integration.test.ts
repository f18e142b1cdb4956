/**
 * A real client as the judge: for every real-server scenario (xrdp, FreeRDP shadow) and every fault
 * injector, FreeRDP's xfreerdp +auth-only connects first. Where it fails on the transport (or gets no
 * answer), `diagnose` must report an error; where it gets through, `diagnose` must report no
 * transport error. A client that got through is run a second time, so a server that cuts only some
 * connections is judged by both.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAULT_KINDS,
  realClientUnavailableReason,
  serversAvailable,
  startFault,
  startRealClient,
  startShadowNla,
  startXrdp,
  stopAll,
  XRDP_SCENARIOS,
  type ClientRun,
  type RealClient,
} from '../e2e/servers';
import { diagnosisSchema, type Diagnosis } from '../shared/model';
import { runCli } from './cli';

/** Findings that say the connection itself fails (as opposed to certificate warnings a client can click through). */
const TRANSPORT_FINDINGS = new Set([
  'port-closed',
  'port-filtered',
  'host-unreachable',
  'not-rdp',
  'rdp-no-answer',
  'tls-cert-not-on-server',
  'tls-handshake-failed',
  'negotiation-inconsistent',
  'tls-legacy-only',
  'reset-during-handshake',
  'cut-after-tls',
]);

async function diagnose(target: string): Promise<Diagnosis> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-cli-judge-'));
  await runCli(['diagnose', target, '--json', '--timeout', '4000', '--no-udp'], {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from(['']),
    env: { RDP_DOCTOR_DATA_DIR: dataDir, NO_COLOR: '1' },
  });
  return diagnosisSchema.parse(JSON.parse(out));
}

const table: string[] = [];

async function judge(client: RealClient, name: string, host: string, port: number, creds: { user?: string; password?: string; domain?: string } = {}): Promise<void> {
  const runs: ClientRun[] = [await client.connect(host, port, creds)];
  if (runs[0]!.verdict === 'through') runs.push(await client.connect(host, port, creds));
  const failed = runs.find((r) => r.verdict !== 'through');
  const d = await diagnose(`${host}:${port}`);
  const errors = d.findings.filter((f) => f.severity === 'error').map((f) => f.id);
  const transportErrors = errors.filter((id) => TRANSPORT_FINDINGS.has(id));
  table.push(`${name.padEnd(28)} client: ${runs.map((r) => `${r.verdict}(${r.exitCode ?? 'killed'})`).join(', ').padEnd(40)} diagnose errors: ${errors.join(', ') || 'none'}`);
  const why = `${name}: client ${runs.map((r) => `${r.verdict} exit ${r.exitCode ?? 'killed'} ${r.evidence.join(' / ')}`).join(' | ')}; diagnose errors: ${errors.join(', ') || 'none'}`;
  if (failed) expect(errors.length, why).toBeGreaterThan(0);
  else expect(transportErrors, why).toEqual([]);
}

const unavailable = realClientUnavailableReason();
const available = serversAvailable();

describe.skipIf(unavailable !== null)('a real client as the judge (xfreerdp +auth-only)', () => {
  let client: RealClient;
  beforeAll(async () => {
    client = await startRealClient();
  }, 30_000);
  afterAll(async () => {
    await client?.stop();
    await stopAll();
    if (table.length > 0) console.log(`[real client vs diagnose]\n${table.join('\n')}`);
  });

  describe.skipIf(available.xrdp !== true)('xrdp', () => {
    for (const scenario of XRDP_SCENARIOS) {
      it(scenario, async () => {
        const server = await startXrdp(scenario);
        await judge(client, `xrdp ${scenario}`, server.host, server.port);
        await server.stop();
      }, 90_000);
    }
  });

  describe.skipIf(available.shadow !== true)('FreeRDP shadow', () => {
    for (const sec of ['nla', 'tls'] as const) {
      it(sec, async () => {
        const server = await startShadowNla({ sec });
        await judge(client, `shadow ${sec}`, server.host, server.port, { user: server.info.user, password: server.info.password });
        await server.stop();
      }, 90_000);
    }
  });

  describe('fault injectors', () => {
    for (const kind of FAULT_KINDS) {
      it(kind, async () => {
        const fault = await startFault(kind);
        await judge(client, `fault ${kind}`, fault.host, fault.port);
        await fault.stop();
      }, 90_000);
    }
  });
});
