import { describe, expect, it } from 'vitest';
import data from './findingTexts.json';
import { assertFindingTextsCover, findingTextsSchema, WINDOWS_FINDING_TEXTS, windowsFindingText } from './findingTexts';
import { WINDOWS_FINDING_IDS } from './index';

const ids = Object.keys(WINDOWS_FINDING_TEXTS.findings);
const first = ids[0]!;

describe('Windows finding words (findingTexts.json)', () => {
  it('has an entry for every Windows finding and only those', () => {
    expect([...ids].sort()).toEqual([...WINDOWS_FINDING_IDS].sort());
    expect(() => assertFindingTextsCover(WINDOWS_FINDING_IDS)).not.toThrow();
    expect(() => assertFindingTextsCover(WINDOWS_FINDING_IDS.filter((id) => id !== first))).toThrow(`no Windows finding "${first}"`);
    expect(() => assertFindingTextsCover([...WINDOWS_FINDING_IDS, 'no-such-finding'])).toThrow('no words for "no-such-finding"');
  });

  it('refuses unknown fields, missing words and badly formed ids', () => {
    const words = data.findings[first as keyof typeof data.findings];
    expect(findingTextsSchema.safeParse({ findings: { [first]: { ...words, severity: 'error' } } }).success).toBe(false);
    expect(findingTextsSchema.safeParse({ findings: { [first]: { title: words.title, plain: words.plain } } }).success).toBe(false);
    expect(findingTextsSchema.safeParse({ findings: { 'Not An Id': words } }).success).toBe(false);
    expect(findingTextsSchema.safeParse({ findings: {}, extra: 1 }).success).toBe(false);
    expect(findingTextsSchema.safeParse({ findings: { [first]: words } }).success).toBe(true);
  });

  it('gives the words as written, forIt only where the file has it', () => {
    for (const id of ids) {
      const entry = data.findings[id as keyof typeof data.findings];
      expect(windowsFindingText(id as keyof typeof data.findings)).toEqual(entry);
      expect('forIt' in windowsFindingText(id as keyof typeof data.findings)).toBe('forIt' in entry);
    }
  });

  it('titles are shown as written: no placeholder in them; no text is empty', () => {
    for (const [id, words] of Object.entries(WINDOWS_FINDING_TEXTS.findings)) {
      expect(words.title, id).not.toMatch(/\{[A-Za-z]/);
      for (const text of [words.title, words.plain, words.detail, words.forIt ?? 'x']) expect(text.trim().length, id).toBeGreaterThan(0);
    }
  });
});
