import { describe, expect, it } from 'vitest';
import { fixParams } from './fixParams';

describe('fixParams', () => {
  it('keeps only the primitive values the fix requests accept', () => {
    expect(fixParams({ params: { a: 'x', b: 2, c: true, d: null, e: { nested: 1 }, f: [1] } })).toEqual({ a: 'x', b: 2, c: true, d: null });
    expect(fixParams({})).toEqual({});
  });
});
