import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  addressingDataSchema,
  credsspDataSchema,
  dnsDataSchema,
  rdpListenerDataSchema,
  securityLayersDataSchema,
  stabilityDataSchema,
  tcpDataSchema,
  tlsDataSchema,
  udpDataSchema,
} from '../../../shared/checks/net';
import { checkResultSchema, DEFAULT_RUN_OPTIONS, type CheckResult, type RunOptions } from '../../../shared/model';
import { CHECK_STEPS, type CheckStepId } from '../../../shared/steps';
import type { Target } from '../../../shared/target';
import { runEngine } from '../../engine/run';
import type { CheckContext } from '../../engine/types';
import { encodeTsRequest } from './credssp';
import { ensureAddresses, netChecks } from './index';
import { encodeNtlmChallenge, utf16le } from './ntlm';
import { rdpTlsServer, tcpServer, type TestServer } from './testkit';

const SCHEMAS: Record<string, ZodType> = {
  dns: dnsDataSchema,
  tcp: tcpDataSchema,
  'rdp-listener': rdpListenerDataSchema,
  'security-layers': securityLayersDataSchema,
  tls: tlsDataSchema,
  credssp: credsspDataSchema,
  addressing: addressingDataSchema,
  stability: stabilityDataSchema,
  udp: udpDataSchema,
};

const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, timeoutMs: 1000, attempts: 2, slowHandshakeMs: 2000, udp: true };

async function run(target: Target, steps: readonly CheckStepId[] = CHECK_STEPS, signal = new AbortController().signal, opts: RunOptions = options): Promise<CheckResult[]> {
  const outcome = await runEngine(netChecks, { target, steps, options: opts, signal, platform: process.platform, concurrency: 4 });
  for (const result of outcome.checks) {
    expect(checkResultSchema.safeParse(result).success, `${result.id} result shape`).toBe(true);
    expect(result.summary.length).toBeGreaterThan(0);
    if (result.status === 'skipped') expect(result.reason, `${result.id} skipped without a reason`).toBeTruthy();
    const hasData = Object.keys(result.data).length > 0;
    if (hasData) {
      const parsed = SCHEMAS[result.id]!.safeParse(result.data);
      expect(parsed.success, `${result.id} data: ${parsed.success ? '' : JSON.stringify(parsed.error.issues[0])}`).toBe(true);
    } else {
      expect(['skipped', 'error'], `${result.id} without data`).toContain(result.status);
    }
  }
  return outcome.checks;
}

const byId = (results: CheckResult[]): Record<string, CheckResult[]> => {
  const out: Record<string, CheckResult[]> = {};
  for (const r of results) (out[r.id] ??= []).push(r);
  return out;
};
const statuses = (results: CheckResult[]): Record<string, string> => Object.fromEntries(Object.entries(byId(results)).map(([id, rs]) => [id, rs.map((r) => r.status).join(',')]));

describe('netChecks', () => {
  it('exports the checks in run order with their steps', () => {
    expect(netChecks.map((c) => `${c.step}:${c.id}`)).toEqual([
      'reachability:dns',
      'reachability:tcp',
      'reachability:rdp-listener',
      'certificate:tls',
      'security:security-layers',
      'security:credssp',
      'addressing:addressing',
      'stability:stability',
      'stability:path-mtu',
      'stability:udp',
    ]);
  });

  describe('against a TLS-only listener on 127.0.0.1', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await rdpTlsServer({ select: (r) => (r === 0 || r === null ? { failure: 1 } : 1) });
    });
    afterAll(() => server.close());

    it('runs every step; prerequisites that do not hold give skipped with a reason', async () => {
      const results = await run({ host: '127.0.0.1', port: server.port, kind: 'ipv4' });
      expect(statuses(results)).toEqual({
        dns: 'skipped',
        tcp: 'pass',
        'rdp-listener': 'pass',
        tls: 'pass',
        'security-layers': 'pass',
        credssp: 'skipped',
        stability: 'pass',
        udp: 'pass',
      });
      const r = byId(results);
      expect(r.dns![0]!.data).toMatchObject({ outcome: 'literal', addresses: [{ address: '127.0.0.1', family: 4 }] });
      expect(r.tcp![0]!.address).toBe('127.0.0.1');
      expect(r.credssp![0]!.reason).toMatch(/does not accept NLA/);
      expect(r.tls![0]!.summary).toMatch(/TLS 1.2 and TLS 1.3 work/);
    });

    it('a step run alone connects what it needs (certificate only)', async () => {
      const results = await run({ host: '127.0.0.1', port: server.port, kind: 'ipv4' }, ['certificate']);
      expect(results.map((x) => `${x.id}:${x.status}`)).toEqual(['tls:pass']);
    });

    it('a DNS name (localhost): addressing compares each address, ensureAddresses resolves on demand', async () => {
      const target: Target = { host: 'localhost', port: server.port, kind: 'dns' };
      const ctx: CheckContext = { target, options, signal: new AbortController().signal, memory: { results: [] }, platform: process.platform };
      const addresses = await ensureAddresses(ctx);
      expect(addresses.map((a) => a.address)).toContain('127.0.0.1');
      expect(ctx.memory.addresses).toBe(addresses);
      const results = await run(target, ['reachability', 'certificate', 'addressing']);
      const r = byId(results);
      expect(r.dns![0]!.status).toBe('pass');
      const addressing = r.addressing![0]!;
      expect(addressing.data).toMatchObject({ name: 'localhost', workingAddress: '127.0.0.1' });
      expect((addressing.data as { answeringNames: string[] }).answeringNames).toContain('localhost');
    });
  });

  it('refused port: tcp fails; the rest is skipped with reasons, never passes', async () => {
    const s = await tcpServer(() => undefined);
    const port = s.port;
    await s.close();
    const results = await run({ host: '127.0.0.1', port, kind: 'ipv4' }, CHECK_STEPS, new AbortController().signal, { ...options, udp: false });
    expect(statuses(results)).toEqual({
      dns: 'skipped',
      tcp: 'fail',
      'rdp-listener': 'skipped',
      tls: 'skipped',
      'security-layers': 'skipped',
      credssp: 'skipped',
      stability: 'skipped',
    });
    expect(byId(results)['rdp-listener']![0]!.reason).toMatch(/not open \(refused\)/);
  });

  it('an NLA server: security layers, CredSSP names, skipped TLS-only checks do not pass', async () => {
    const challenge = encodeNtlmChallenge({ targetName: 'CORP', avPairs: [{ id: 1, value: utf16le('PC042') }, { id: 3, value: utf16le('pc042.corp.example') }] });
    const server = await rdpTlsServer({
      select: (r) => (r !== null && r & 2 ? 2 : { failure: 5 }),
      onSecure: (tls) => tls.once('data', () => tls.write(encodeTsRequest({ version: 6, negoTokens: [challenge] }))),
    });
    const results = await run({ host: '127.0.0.1', port: server.port, kind: 'ipv4' }, ['security']);
    const r = byId(results);
    expect(r['security-layers']![0]).toMatchObject({ status: 'pass', data: { accepts: { rdp: false, tls: false, hybrid: true }, requires: 'hybrid' } });
    expect(r.credssp![0]).toMatchObject({ status: 'pass', data: { outcome: 'challenge', ntlm: { dnsComputer: 'pc042.corp.example' } } });
    await server.close();
  });

  it('cancellation: the run stops promptly and nothing in flight reports pass', async () => {
    const silent = await tcpServer(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const outcome = await runEngine(netChecks, {
      target: { host: '127.0.0.1', port: silent.port, kind: 'ipv4' },
      steps: CHECK_STEPS,
      options: { ...options, timeoutMs: 10_000 },
      signal: controller.signal,
      platform: process.platform,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome.cancelled).toBe(true);
    const listener = outcome.checks.find((c) => c.id === 'rdp-listener');
    expect(listener?.status).toBe('skipped');
    await silent.close();
  });
});
