import { describe, expect, it } from 'vitest';
import { count, humanDate, humanDateTime, platformName, plural } from './words';

describe('count', () => {
  it('says "no" for none, then as plural does', () => {
    expect(count(0, 'risk')).toBe('no risks');
    expect(count(1, 'problem')).toBe('1 problem');
    expect(count(3, 'address', 'addresses')).toBe('3 addresses');
  });
});

describe('plural', () => {
  it('uses the singular for exactly one, the plural otherwise (zero included)', () => {
    expect(plural(1, 'problem')).toBe('1 problem');
    expect(plural(0, 'risk')).toBe('0 risks');
    expect(plural(2, 'address', 'addresses')).toBe('2 addresses');
  });
});

describe('dates for people', () => {
  it('writes the day, the month in words and the year, in UTC', () => {
    expect(humanDate('2021-01-01T00:00:00Z')).toBe('1 January 2021');
    expect(humanDate('2026-12-03T23:59:59.999Z')).toBe('3 December 2026');
    expect(humanDateTime('2026-12-03T07:35:48.563Z')).toBe('3 December 2026, 07:35 UTC');
  });

  it('gives back text that is not a date as it is', () => {
    expect(humanDate('soon')).toBe('soon');
    expect(humanDateTime('')).toBe('');
  });
});

describe('platformName', () => {
  it('names the systems people know by name', () => {
    expect(platformName('linux')).toBe('Linux');
    expect(platformName('darwin')).toBe('macOS');
    expect(platformName('sunos')).toBe('sunos');
  });
});
