import { describe, expect, it } from 'vitest';
import { formatTarget, isIPv6, parseTarget, targetInputSchema } from './target';

const ok = (input: string) => {
  const r = parseTarget(input);
  if (!r.ok) throw new Error(`expected ${input} to parse: ${r.reason}`);
  return r.target;
};
const reason = (input: string) => {
  const r = parseTarget(input);
  if (r.ok) throw new Error(`expected ${input} to be rejected`);
  return r.reason;
};

describe('parseTarget', () => {
  it('accepts host names, IPv4, IPv6 and ports', () => {
    expect(ok('PC-042.Corp.Example.')).toEqual({ host: 'pc-042.corp.example', port: 3389, kind: 'dns' });
    expect(ok('  server01  ')).toEqual({ host: 'server01', port: 3389, kind: 'dns' });
    expect(ok('10.0.0.5:3390')).toEqual({ host: '10.0.0.5', port: 3390, kind: 'ipv4' });
    expect(ok('::1')).toEqual({ host: '::1', port: 3389, kind: 'ipv6' });
    expect(ok('[2001:DB8::5]:443')).toEqual({ host: '2001:db8::5', port: 443, kind: 'ipv6' });
    expect(ok('[::ffff:10.0.0.1]').kind).toBe('ipv6');
    expect(ok('fe80::1%eth0').kind).toBe('ipv6');
    expect(ok('localhost:65535').port).toBe(65535);
  });

  it.each([
    ['', /Type the name/],
    ['   ', /Type the name/],
    ['my server', /spaces/],
    ['host;rm -rf /', /cannot contain|spaces/],
    ['host;calc', /cannot contain characters/],
    ['$(whoami)', /cannot contain characters/],
    ['`id`', /cannot contain characters/],
    ["pc'; Remove-Item C:\\", /cannot contain|spaces/],
    ['host|x', /cannot contain characters/],
    ['host:0', /out of range/],
    ['host:65536', /out of range/],
    ['host:', /port is missing/],
    ['host:abc', /not a number/],
    ['https://server.example', /web address/],
    ['rdp://server', /web address/],
    ['a'.repeat(300), /too long/],
    [`${'a'.repeat(64)}.example`, /longer than 63/],
    ['-bad.example', /hyphen/],
    ['a..b', /empty part/],
    ['256.1.1.1', /not a valid IPv4/],
    ['10.0.0', /incomplete IPv4/],
    ['1:2:3:4:5:6:7:8:9', /not a valid IPv6/],
    ['[::1', /closing/],
    ['[::1]x', /only a port/],
    ['bücher.example', /xn--/],
    [':3389', /missing before/],
  ])('rejects %j with one line', (input, pattern) => {
    const text = reason(input);
    expect(text).toMatch(pattern);
    expect(text).not.toContain('\n');
  });

  it.each([
    ['0x7f000001:33891', /hex, octal, integer or short form.*\(127\.0\.0\.1\)/],
    ['0X7F000001', /hex, octal.*\(127\.0\.0\.1\)/],
    ['2130706433', /hex, octal.*\(127\.0\.0\.1\)/],
    ['0177.0.0.1', /hex, octal.*\(127\.0\.0\.1\)/],
    ['0x7f.0.0.1', /hex, octal.*\(127\.0\.0\.1\)/],
    ['127.0x0.0.01', /hex, octal.*\(127\.0\.0\.1\)/],
    ['127.1', /incomplete IPv4.*127\.0\.0\.1/],
    ['10.0.0', /incomplete IPv4.*10\.0\.0\.0/],
    ['0x7f.0.0.0x1.', /hex, octal/],
    ['server.0x1', /ends like a hex number/],
    ['0.0.0.0', /this computer, any address/],
    ['0.1.2.3:3389', /this computer, any address/],
    ['0', /hex, octal.*\(0\.0\.0\.0\)/],
    ['255.255.255.255', /broadcast/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250:3389', /multicast/],
    ['::', /this computer, any address/],
    ['[::]:3389', /this computer, any address/],
    ['[0:0:0:0:0:0:0:0]', /this computer, any address/],
    ['ff02::1', /multicast/],
    ['[::ffff:0.0.0.0]', /this computer, any address/],
    ['[::ffff:224.0.0.1]', /multicast/],
  ])('rejects the address form %j, which a resolver would turn into another address or which names no computer', (input, pattern) => {
    const text = reason(input);
    expect(text).toMatch(pattern);
    expect(text).not.toContain('\n');
    expect(targetInputSchema.safeParse(input).success).toBe(false);
  });

  it('still accepts names that only contain digits and hex-looking parts', () => {
    expect(ok('0x7f.example').kind).toBe('dns');
    expect(ok('1e100.net').kind).toBe('dns');
    expect(ok('192.0.2.255').kind).toBe('ipv4');
    expect(ok('223.255.255.255').kind).toBe('ipv4');
    expect(ok('[::ffff:127.0.0.1]').kind).toBe('ipv6');
  });

  it('formats host:port the way mstsc writes it', () => {
    expect(formatTarget({ host: '2001:db8::5', port: 3389 })).toBe('[2001:db8::5]:3389');
    expect(formatTarget({ host: 'pc', port: 3390 })).toBe('pc:3390');
  });

  it('validates IPv6 forms', () => {
    for (const good of ['::', '::1', '2001:db8::', '1:2:3:4:5:6:7:8', '1::8', '::ffff:192.0.2.1']) expect(isIPv6(good), good).toBe(true);
    for (const bad of ['1:2', ':::', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(isIPv6(bad), bad).toBe(false);
  });

  it('carries the reason through the edge schema', () => {
    const result = targetInputSchema.safeParse('host:99999');
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toMatch(/out of range/);
    expect(targetInputSchema.parse('127.0.0.1:3389')).toEqual({ host: '127.0.0.1', port: 3389, kind: 'ipv4' });
  });
});
