import { describe, expect, it } from 'vitest';
import { DOCUMENTATION_LINKS, isDocumentationLink } from './docLinks';

describe('documentation links', () => {
  const LINKS = ['https://docs.example.test/rdp/0x904'];

  it('accepts only a listed link, exactly', () => {
    expect(isDocumentationLink('https://docs.example.test/rdp/0x904', LINKS)).toBe(true);
    for (const other of [
      'https://docs.example.test/rdp/0x904/../evil',
      'https://docs.example.test/rdp/0x905',
      'https://docs.example.test/rdp/0x904?x=1',
      'https://user@docs.example.test/rdp/0x904',
      'http://docs.example.test/rdp/0x904',
      'https://docs.example.test.evil.example/rdp/0x904',
      'https://DOCS.example.test/rdp/0x904',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isDocumentationLink(other, LINKS), other).toBe(false);
    }
  });

  it('every listed link is an https address', () => {
    for (const link of DOCUMENTATION_LINKS) expect(link).toMatch(/^https:\/\/[a-z0-9.-]+\//);
    expect(isDocumentationLink('https://learn.microsoft.com/x')).toBe(DOCUMENTATION_LINKS.includes('https://learn.microsoft.com/x'));
  });
});
