import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseTarget, type Target } from '../../../shared/target';
import { canonicalIp, isLocalTarget, isLoopback } from './localTarget';

const nic = (address: string, family: 'IPv4' | 'IPv6'): NetworkInterfaceInfo =>
  ({ address, family, netmask: family === 'IPv4' ? '255.255.255.0' : 'ffff:ffff:ffff:ffff::', mac: '00:15:5d:01:02:03', internal: false, cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

const interfaces = {
  Ethernet: [nic('10.20.30.40', 'IPv4'), nic('fe80::1c2d:3e4f:5a6b:7c8d', 'IPv6'), nic('2001:db8:0:1::42', 'IPv6')],
  'Loopback Pseudo-Interface 1': [nic('127.0.0.1', 'IPv4'), nic('::1', 'IPv6')],
};

const t = (text: string): Target => {
  const parsed = parseTarget(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.target;
};

describe('canonicalIp / isLoopback', () => {
  it('normalises IPv6 forms, zones and IPv4-mapped addresses', () => {
    expect(canonicalIp('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(canonicalIp('0:0:0:0:0:0:0:1')).toBe('0:0:0:0:0:0:0:1');
    expect(canonicalIp('[2001:DB8:0:1:0:0:0:42]')).toBe('2001:db8:0:1:0:0:0:42');
    expect(canonicalIp('fe80::1%12')).toBe('fe80:0:0:0:0:0:0:1');
    expect(canonicalIp('::ffff:10.20.30.40')).toBe('10.20.30.40');
    expect(canonicalIp('pc-042')).toBeNull();
  });
  it('recognises loopback', () => {
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});

describe('isLocalTarget', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['app.localhost', true],
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['::1', true],
    ['[::1]:3390', true],
    ['10.20.30.40', true],
    ['2001:db8:0:1:0:0:0:42', true],
    ['PC-042', true],
    ['pc-042', true],
    ['pc-042.corp.example', true],
    ['pc-043', false],
    ['10.20.30.41', false],
    ['pc-042x.corp.example', false],
    ['192.0.2.10', false],
  ])('%s → %s', (text, expected) => {
    expect(isLocalTarget(t(text), 'PC-042', interfaces)).toBe(expected);
  });

  it('a name with our short name but resolving elsewhere is not us', () => {
    expect(isLocalTarget(t('pc-042.other.example'), 'PC-042', interfaces, ['192.0.2.99'])).toBe(false);
    expect(isLocalTarget(t('pc-042.corp.example'), 'PC-042', interfaces, ['10.20.30.40'])).toBe(true);
  });

  it('any name that resolves to one of our addresses is us', () => {
    expect(isLocalTarget(t('rdp.corp.example'), 'PC-042', interfaces, ['10.20.30.40'])).toBe(true);
    expect(isLocalTarget(t('rdp.corp.example'), 'PC-042', interfaces, ['10.20.30.99'])).toBe(false);
  });

  it('works when the OS gives a full host name', () => {
    expect(isLocalTarget(t('pc-042'), 'pc-042.corp.example', interfaces)).toBe(true);
    expect(isLocalTarget(t('pc-042.corp.example'), 'pc-042.corp.example', {})).toBe(true);
  });
});
