import { describe, expect, it } from 'vitest';
import { itTermsIn } from './plainWords';

describe('the plain-words rule', () => {
  it('finds each kind of IT-only term', () => {
    const samples = [
      'SHA-1 5E:6B:B4:5B:2A:28:D1:6F:44:8C:DA:C0:70:BB:8A:87:1C:14:2B:3E',
      'thumbprint 5E6BB45B2A28D16F448CDAC070BB8A871C142B3E',
      'signed with sha256WithRSAEncryption',
      'Accepted TLSv1.2',
      'HYBRID_EX (NLA + early auth result)',
      'Refused (alert) handshake_failure',
      'the resolver said NXDOMAIN',
      'Subject CN=pc-042',
      'negotiation failure 3, SSL_CERT_NOT_ON_SERVER',
    ];
    for (const text of samples) expect(itTermsIn(text), text).not.toEqual([]);
  });

  it('leaves plain sentences alone', () => {
    const plain = [
      "The remote computer's security certificate expired on 1 January 2021.",
      'Send this to IT: the remote computer only accepts old versions of the security protocol (TLS 1.0 or 1.1).',
      'Nothing answered on port 3389 of pc-042.corp.example.',
      'Connect to 10.20.30.40 instead of the name.',
    ];
    for (const text of plain) expect(itTermsIn(text), text).toEqual([]);
  });
});
