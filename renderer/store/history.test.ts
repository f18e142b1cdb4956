import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../shared/model';
import { groupHistory } from './history';

const entry = (id: string, input: string, createdAt: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  createdAt,
  input,
  target: { host: input, port: 3389, kind: 'dns' },
  verdict: 'healthy',
  errors: 0,
  warnings: 0,
  findingIds: [],
  notChecked: [],
  ...extra,
});

describe('groupHistory', () => {
  const entries = [
    entry('a1', 'pc-1', '2026-12-01T10:00:00Z'),
    entry('b1', 'pc-2', '2026-12-02T10:00:00Z', { verdict: 'problems', errors: 1, findingIds: ['cert-expired'] }),
    entry('a2', 'PC-1', '2026-12-03T10:00:00Z', { verdict: 'incomplete', notChecked: ['security', 'stability'] }),
  ];

  it('groups by target, the group with the newest entry first, entries newest first', () => {
    expect(groupHistory(entries).map((g) => [g.input, g.entries.map((e) => e.id)])).toEqual([
      ['PC-1', ['a2', 'a1']],
      ['pc-2', ['b1']],
    ]);
  });

  it('filters by target, by finding, by verdict and by "unfinished"', () => {
    expect(groupHistory(entries, 'pc-2').map((g) => g.input)).toEqual(['pc-2']);
    expect(groupHistory(entries, 'expired').flatMap((g) => g.entries.map((e) => e.id))).toEqual(['b1']);
    expect(groupHistory(entries, 'problems').flatMap((g) => g.entries.map((e) => e.id))).toEqual(['b1']);
    expect(groupHistory(entries, 'unfinished').flatMap((g) => g.entries.map((e) => e.id))).toEqual(['a2']);
    expect(groupHistory(entries, 'nothing-like-this')).toEqual([]);
  });
});
