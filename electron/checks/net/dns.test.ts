import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsDataSchema } from '../../../shared/checks/net';
import { classifyDnsFailure, isLocalhostName, mergeAddresses, resolveName, type LookupFn } from './dns';
import { dnsServer, type TestUdpServer } from './testkit';

describe('classifyDnsFailure', () => {
  it.each([
    [{ a: 'ENOTFOUND', aaaa: 'ENOTFOUND' }, 'nxdomain'],
    [{ a: 'ENODATA', aaaa: 'ENOTFOUND' }, 'nxdomain'],
    [{ a: 'ENODATA', aaaa: 'ENODATA' }, 'no-records'],
    [{ a: 'ESERVFAIL', aaaa: 'ESERVFAIL' }, 'server-failure'],
    [{ a: 'EREFUSED', aaaa: 'EREFUSED' }, 'refused'],
    [{ a: 'ETIMEOUT', aaaa: 'ENODATA' }, 'timeout'],
    [{ a: 'ECONNREFUSED', aaaa: 'ECONNREFUSED', lookup: 'ENOTFOUND' }, 'nxdomain'],
    [{ lookup: 'EAI_AGAIN' }, 'server-failure'],
    [{ lookup: 'EWEIRD' }, 'error'],
  ] as const)('%j → %s', (codes, outcome) => {
    expect(classifyDnsFailure(codes).outcome).toBe(outcome);
  });
});

describe('mergeAddresses', () => {
  it('keeps the OS order first, adds resolver extras, drops duplicates and non-addresses', () => {
    expect(mergeAddresses([{ address: '10.0.0.2', family: 4 }], ['10.0.0.1', '10.0.0.2'], ['FD00::5', 'nonsense'])).toEqual([
      { address: '10.0.0.2', family: 4 },
      { address: '10.0.0.1', family: 4 },
      { address: 'fd00::5', family: 6 },
    ]);
  });
});

describe('resolveName against a loopback DNS server', () => {
  let server: TestUdpServer;
  const emptyLookup: LookupFn = async () => {
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  };
  beforeAll(async () => {
    server = await dnsServer((name) => {
      switch (name) {
        case 'both.test':
          return { rcode: 0, a: ['10.1.2.3', '10.1.2.4'], aaaa: ['fd00::1'] };
        case 'v6only.test':
          return { rcode: 0, aaaa: ['fd00::2'] };
        case 'empty.test':
          return { rcode: 0 };
        case 'servfail.test':
          return { rcode: 2 };
        case 'refused.test':
          return { rcode: 5 };
        case 'silent.test':
          return 'silence';
        default:
          return { rcode: 3 };
      }
    });
  });
  afterAll(() => server.close());
  const opts = (extra: { lookup?: LookupFn; timeoutMs?: number } = {}) => ({ timeoutMs: extra.timeoutMs ?? 2000, servers: [`127.0.0.1:${server.port}`], lookup: extra.lookup ?? emptyLookup });

  it('every A and AAAA', async () => {
    const data = await resolveName('both.test', opts());
    expect(data).toMatchObject({ outcome: 'ok', addresses: [{ address: '10.1.2.3', family: 4 }, { address: '10.1.2.4', family: 4 }, { address: 'fd00::1', family: 6 }] });
    expect(dnsDataSchema.safeParse(data).success).toBe(true);
  });
  it('AAAA only', async () => {
    expect(await resolveName('v6only.test', opts())).toMatchObject({ outcome: 'ok', addresses: [{ address: 'fd00::2', family: 6 }] });
  });
  it('NXDOMAIN, no records, SERVFAIL, REFUSED', async () => {
    expect(await resolveName('missing.test', opts())).toMatchObject({ outcome: 'nxdomain', errorCode: 'ENOTFOUND', addresses: [] });
    expect(await resolveName('empty.test', opts())).toMatchObject({ outcome: 'no-records', errorCode: 'ENODATA' });
    expect(await resolveName('servfail.test', opts())).toMatchObject({ outcome: 'server-failure' });
    expect(await resolveName('refused.test', opts())).toMatchObject({ outcome: 'refused' });
  });
  it('a silent server is a timeout, decided within the timeout', async () => {
    const started = Date.now();
    const data = await resolveName('silent.test', opts({ timeoutMs: 400 }));
    expect(data.outcome).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });
  it('names only the OS knows (hosts file) come from the lookup', async () => {
    const lookup: LookupFn = async () => [{ address: '192.0.2.9', family: 4 }];
    expect(await resolveName('missing.test', opts({ lookup }))).toMatchObject({ outcome: 'ok', addresses: [{ address: '192.0.2.9', family: 4 }] });
  });
  it('a hanging OS lookup is cut off by our timer', async () => {
    const lookup: LookupFn = () => new Promise(() => undefined);
    const started = Date.now();
    const data = await resolveName('both.test', opts({ lookup, timeoutMs: 300 }));
    expect(data.outcome).toBe('ok');
    expect(Date.now() - started).toBeLessThan(1500);
  });
  it('cancellation ends at once', async () => {
    const controller = new AbortController();
    const lookup: LookupFn = () => new Promise(() => undefined);
    const pending = resolveName('silent.test', { ...opts({ lookup, timeoutMs: 5000 }), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const data = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(data.errorCode).toBe('ECANCELLED');
  });
});

describe('literals and localhost', () => {
  it('IP literals are not resolved', async () => {
    expect(await resolveName('10.0.0.5', { timeoutMs: 100 })).toEqual({ name: '10.0.0.5', addresses: [{ address: '10.0.0.5', family: 4 }], outcome: 'literal', durationMs: 0 });
    expect((await resolveName('FD00::1', { timeoutMs: 100 })).addresses).toEqual([{ address: 'fd00::1', family: 6 }]);
  });
  it('localhost never goes to a DNS server (RFC 6761): the OS lookup (hosts file) answers', async () => {
    expect(isLocalhostName('LOCALHOST.')).toBe(true);
    expect(isLocalhostName('a.localhost')).toBe(true);
    const data = await resolveName('localhost', { timeoutMs: 2000, servers: ['127.0.0.1:9'] });
    expect(data.outcome).toBe('ok');
    expect(data.addresses.map((a) => a.address)).toContain('127.0.0.1');
  });
});
