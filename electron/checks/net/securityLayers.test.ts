import { describe, expect, it } from 'vitest';
import type { X224Reply } from '../../../shared/checks/net';
import { deriveSecurityLayers, probeSecurityLayers, SECURITY_LAYER_REQUESTS } from './securityLayers';
import { confirmBytes, onRequest, tcpServer } from './testkit';

type R = Pick<X224Reply, 'requestedProtocols' | 'kind' | 'selectedProtocol' | 'failureCode' | 'unexpectedSelection'>;
const sel = (requestedProtocols: number, selectedProtocol: number): R => ({ requestedProtocols, kind: 'confirm', selectedProtocol, unexpectedSelection: false });
const fail = (requestedProtocols: number, failureCode: number): R => ({ requestedProtocols, kind: 'failure', failureCode });

describe('deriveSecurityLayers (replies as observed from real servers)', () => {
  it('xrdp security_layer=tls: RDP refused with SSL_REQUIRED, TLS chosen for every TLS request', () => {
    expect(deriveSecurityLayers([fail(0, 1), sel(1, 1), sel(3, 1), sel(11, 1)])).toEqual({
      accepts: { rdp: false, tls: true, hybrid: false, hybridEx: false },
      requires: 'tls',
      certNotOnServer: false,
    });
  });
  it('xrdp security_layer=rdp: standard RDP security selected for everything', () => {
    expect(deriveSecurityLayers([sel(0, 0), sel(1, 0), sel(3, 0), sel(11, 0)])).toEqual({
      accepts: { rdp: true, tls: false, hybrid: false, hybridEx: false },
      requires: null,
      certNotOnServer: false,
    });
  });
  it('xrdp without certificate: SSL_CERT_NOT_ON_SERVER to every request', () => {
    expect(deriveSecurityLayers([fail(0, 3), fail(1, 3), fail(3, 3), fail(11, 3)])).toEqual({
      accepts: { rdp: null, tls: false, hybrid: null, hybridEx: null },
      requires: null,
      certNotOnServer: true,
    });
  });
  it('FreeRDP shadow /sec:nla: HYBRID_REQUIRED for 0 and 1, HYBRID chosen for 3 and 11', () => {
    expect(deriveSecurityLayers([fail(0, 5), fail(1, 5), sel(3, 2), sel(11, 2)])).toEqual({
      accepts: { rdp: false, tls: false, hybrid: true, hybridEx: false },
      requires: 'hybrid',
      certNotOnServer: false,
    });
  });
  it('Windows with NLA (HYBRID_EX chosen when offered)', () => {
    expect(deriveSecurityLayers([fail(0, 5), fail(1, 5), sel(3, 2), sel(11, 8)])).toMatchObject({
      accepts: { rdp: false, tls: false, hybrid: true, hybridEx: true },
      requires: 'hybrid',
    });
  });
  it('SSL_NOT_ALLOWED_BY_SERVER means no TLS; old servers without negotiation mean RDP only', () => {
    expect(deriveSecurityLayers([sel(0, 0), fail(1, 2), fail(3, 2)]).accepts).toEqual({ rdp: true, tls: false, hybrid: null, hybridEx: null });
    const old = deriveSecurityLayers([
      { requestedProtocols: 0, kind: 'confirm-no-negotiation' },
      { requestedProtocols: 1, kind: 'confirm-no-negotiation' },
    ]);
    expect(old.accepts).toEqual({ rdp: true, tls: false, hybrid: null, hybridEx: null });
  });
  it('timeouts and resets teach nothing; an unexpected selection is not counted', () => {
    expect(deriveSecurityLayers([{ requestedProtocols: 0, kind: 'timeout' }, { requestedProtocols: 1, kind: 'reset' }, { ...sel(1, 2), unexpectedSelection: true }])).toEqual({
      accepts: { rdp: null, tls: null, hybrid: null, hybridEx: null },
      requires: null,
      certNotOnServer: false,
    });
  });
  it('the strictest requirement wins', () => {
    expect(deriveSecurityLayers([fail(0, 1), fail(1, 5)]).requires).toBe('hybrid');
    expect(deriveSecurityLayers([fail(0, 6), fail(1, 1)]).requires).toBe('tls-user-auth');
  });
});

describe('probeSecurityLayers', () => {
  it('an answer already read (a slow server\'s listener answer) is not asked again; a cut one is', async () => {
    const asked: Array<number | null> = [];
    const server = await tcpServer((socket) => onRequest(socket, (requested) => {
      asked.push(requested);
      socket.write(confirmBytes(requested === 0 ? 0 : 1));
    }));
    const known: X224Reply = { requestedProtocols: 11, kind: 'confirm', selectedProtocol: 1, durationMs: 2500 };
    const data = await probeSecurityLayers('127.0.0.1', server.port, { timeoutMs: 2000, known: [known] });
    expect(asked.sort()).toEqual([0, 1, 3]);
    expect(data.replies.map((r) => r.requestedProtocols)).toEqual([...SECURITY_LAYER_REQUESTS]);
    expect(data.replies[3]).toBe(known);
    asked.length = 0;
    await probeSecurityLayers('127.0.0.1', server.port, { timeoutMs: 2000, known: [{ ...known, kind: 'reset' }] });
    expect(asked.sort()).toEqual([0, 1, 11, 3]);
    await server.close();
  });
});
