import { describe, expect, it } from 'vitest';
import { itTermsIn } from '../../shared/catalog/plainWords';
import { PLAIN_FALLBACK, PLAIN_NOTHING_TO_CHECK, plainHeadline, plainSentence } from './plainText';

describe('plain sentences from text made elsewhere', () => {
  it('leaves plain text alone', () => {
    expect(plainSentence('The connection held up on every try, in good time.', 'x')).toBe('The connection held up on every try, in good time.');
  });

  it('drops a bracketed part that carries IT terms, keeping the sentence', () => {
    expect(plainSentence('All 5 connection attempts failed (tls alert handshake_failure).', 'x')).toBe('All 5 connection attempts failed.');
    expect(plainSentence('It failed (server at 10.0.0.1).', 'x')).toBe('It failed (server at 10.0.0.1).');
  });

  it('drops sentences that still carry IT terms, and a leading "But"', () => {
    const headline =
      'TLS 1.0 and TLS 1.1 work; certificate CN=localhost (self-signed), valid until 2027-12-04. But the server accepts only TLS 1.0/1.1, which current Windows clients may refuse. Cause: The remote computer only accepts old TLS versions (see NLA and security layer).';
    const out = plainSentence(headline, 'x');
    expect(out).toBe('The server accepts only TLS 1.0/1.1, which current Windows clients may refuse. Cause: The remote computer only accepts old TLS versions (see NLA and security layer).');
    expect(itTermsIn(out)).toEqual([]);
  });

  it('falls back when nothing plain is left', () => {
    expect(plainSentence('Subject CN=pc-042, SHA-1 5E6BB45B2A28D16F448CDAC070BB8A871C142B3E.', 'The certificate could not be read.')).toBe('The certificate could not be read.');
  });
});

describe('a step headline in plain words', () => {
  it('keeps what is plain, and says the verdict in words when nothing is', () => {
    expect(plainHeadline({ verdict: 'fail', headline: 'All 5 connection attempts failed (tls alert handshake_failure).' })).toBe('All 5 connection attempts failed.');
    expect(plainHeadline({ verdict: 'fail', headline: 'SSL_CERT_NOT_ON_SERVER.' })).toBe(PLAIN_FALLBACK.fail);
  });

  it('a step with nothing to check keeps its sentence, and never falls back to "could not be checked"', () => {
    expect(plainHeadline({ verdict: 'not-checked', nothingToCheck: true, headline: 'Nothing to compare: 10.0.0.5 is already an IP address.' })).toBe(
      'Nothing to compare: 10.0.0.5 is already an IP address.',
    );
    expect(plainHeadline({ verdict: 'not-checked', nothingToCheck: true, headline: 'X.224 only.' })).toBe(PLAIN_NOTHING_TO_CHECK);
    expect(plainHeadline({ verdict: 'not-checked', headline: 'X.224 only.' })).toBe(PLAIN_FALLBACK['not-checked']);
  });
});
