import { describe, expect, it } from 'vitest';
import { daysUntil, formatDate, formatDateTime, formatMs, formatSkew, protocolNames, relativeDays, spacedHex, validityOf } from './format';

describe('format', () => {
  it('formats durations for people', () => {
    expect(formatMs(undefined)).toBe('—');
    expect(formatMs(0.4)).toBe('<1 ms');
    expect(formatMs(231.6)).toBe('232 ms');
    expect(formatMs(2410)).toBe('2.4 s');
    expect(formatMs(12_400)).toBe('12 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
  });

  it('counts whole days elapsed, both ways', () => {
    const now = new Date('2025-11-21T09:14:00Z');
    expect(daysUntil('2025-11-09T06:02:11Z', now)).toBe(-12);
    expect(daysUntil('2025-11-30T09:14:00Z', now)).toBe(9);
    expect(daysUntil('2025-11-21T10:00:00Z', now)).toBe(0);
    expect(daysUntil('not a date', now)).toBeNull();
    expect(relativeDays(-12)).toBe('12 days ago');
    expect(relativeDays(1)).toBe('in 1 day');
  });

  it('places a validity period against now', () => {
    const now = new Date('2025-11-21T00:00:00Z');
    expect(validityOf('2025-01-01T00:00:00Z', '2025-11-09T00:00:00Z', now)).toBe('expired');
    expect(validityOf('2025-12-01T00:00:00Z', '2026-12-01T00:00:00Z', now)).toBe('not-yet-valid');
    expect(validityOf('2025-01-01T00:00:00Z', '2025-12-01T00:00:00Z', now)).toBe('expiring-soon');
    expect(validityOf('2025-01-01T00:00:00Z', '2026-12-01T00:00:00Z', now)).toBe('valid');
    expect(validityOf('x', 'y', now)).toBe('unknown');
  });

  it('says which way the clocks differ', () => {
    expect(formatSkew(0.2)).toBe('clocks agree');
    expect(formatSkew(42)).toBe('server is 42 s ahead');
    expect(formatSkew(-310)).toBe('server is 5 min 10 s behind');
    expect(formatSkew(7200)).toBe('server is 2 h 0 min ahead');
  });

  it('names negotiation protocols and spaces hex bytes', () => {
    expect(protocolNames(0)).toBe('Standard RDP security');
    expect(protocolNames(3)).toBe('TLS + CredSSP (NLA)');
    expect(protocolNames(8)).toBe('HYBRID_EX');
    expect(spacedHex('030000130ed0')).toBe('03 00 00 13 0e d0');
  });
});

describe('dates for people', () => {
  it('the app writes dates as the reports do, never ISO', () => {
    expect(formatDateTime('2026-12-03T07:35:48.563Z')).toBe('3 December 2026, 07:35 UTC');
    expect(formatDate('2021-01-01T12:00:00Z')).toBe('1 January 2021');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});
