import { describe, expect, it } from 'vitest';
import { alertName, classifyTlsError, parseTlsError } from './tls';

function err(message: string, code?: string, reason?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {}, reason ? { reason } : {});
}

describe('TLS error reading (texts as Node 20 / OpenSSL 3 produce them)', () => {
  it('a received protocol_version alert → rejected', () => {
    const e = err(
      '809C83AAEE7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 70\n',
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      'tlsv1 alert protocol version',
    );
    const info = parseTlsError(e);
    expect(info).toMatchObject({ alertNumber: 70, alert: 'protocol_version', opensslCode: '0A00042E' });
    expect(classifyTlsError(info)).toMatchObject({ outcome: 'rejected', alert: 'protocol_version', errorCode: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });
  it('handshake_failure and internal_error alerts, also from OpenSSL 1.1 text', () => {
    expect(classifyTlsError(parseTlsError(err('error:0A000410:SSL routines::sslv3 alert handshake failure', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')))).toMatchObject({ outcome: 'alert', alert: 'handshake_failure' });
    expect(parseTlsError(err('error:14094438:SSL routines:ssl3_read_bytes:tlsv1 alert internal error')).alert).toBe('internal_error');
    expect(parseTlsError(err('something tlsv1 alert decode error')).alert).toBe('decode_error');
  });
  it('FIN before the handshake → closed; RST → reset', () => {
    expect(classifyTlsError(parseTlsError(err('Client network socket disconnected before secure TLS connection was established', 'ECONNRESET'))).outcome).toBe('closed');
    expect(classifyTlsError(parseTlsError(err('read ECONNRESET', 'ECONNRESET'))).outcome).toBe('reset');
  });
  it('local refusal → unsupported-locally; other version answered → rejected; non-TLS reply → error', () => {
    expect(classifyTlsError(parseTlsError(err('error:0A0000BF:SSL routines::no protocols available', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE'))).outcome).toBe('unsupported-locally');
    expect(classifyTlsError(parseTlsError(err('error:0A000102:SSL routines::unsupported protocol', 'ERR_SSL_UNSUPPORTED_PROTOCOL'))).outcome).toBe('rejected');
    expect(classifyTlsError(parseTlsError(err('error:0A00010B:SSL routines::wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER')))).toMatchObject({ outcome: 'not-tls', detail: expect.stringMatching(/not a TLS record/) });
  });
  it('alert names, known and unknown', () => {
    expect(alertName(40)).toBe('handshake_failure');
    expect(alertName(112)).toBe('unrecognized_name');
    expect(alertName(200)).toBe('alert_200');
  });
});
