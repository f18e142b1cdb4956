import { promises as dns } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from './dnsServer';

describe('test DNS server', () => {
  let server: DnsServer;
  const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
  beforeAll(async () => {
    server = await startDnsServer({ 'rdp.test': { A: ['127.0.0.1', '127.0.0.2'], AAAA: ['::1'] }, 'broken.test': 'servfail' });
    resolver.setServers([server.server]);
  });
  afterAll(() => server.close());

  it('answers A and AAAA, NXDOMAIN and SERVFAIL', async () => {
    expect(await resolver.resolve4('rdp.test')).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(await resolver.resolve6('rdp.test')).toEqual(['::1']);
    await expect(resolver.resolve4('missing.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('broken.test')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    expect(server.queries).toContain('rdp.test/1');
  });
});
