import { describe, expect, it } from 'vitest';
import { NET_CHECK_IDS, PROTOCOL, type X224Reply } from '../../../shared/checks/net';
import type { CheckResult } from '../../../shared/model';
import type { RunMemory } from '../../engine/types';
import { handshakeRequest } from './context';
import { REQUEST_TLS_AND_CREDSSP } from './x224';

const ADDRESS = '192.0.2.10';

function listener(reply: Partial<X224Reply>): CheckResult {
  return {
    id: NET_CHECK_IDS.rdpListener,
    step: 'reachability',
    status: 'pass',
    durationMs: 1,
    summary: '',
    address: ADDRESS,
    data: { address: ADDRESS, reply: { requestedProtocols: REQUEST_TLS_AND_CREDSSP, kind: 'confirm', durationMs: 1, ...reply } },
  };
}

function layers(accepts: { rdp: boolean | null; tls: boolean | null; hybrid: boolean | null; hybridEx: boolean | null }): CheckResult {
  return { id: NET_CHECK_IDS.securityLayers, step: 'security', status: 'pass', durationMs: 1, summary: '', address: ADDRESS, data: { address: ADDRESS, replies: [], accepts, requires: null, certNotOnServer: false } };
}

const memory = (...results: CheckResult[]): RunMemory => ({ results });

describe('handshakeRequest (what the repeated handshakes ask for)', () => {
  it('asks what mstsc asks when the listener chose TLS or CredSSP', () => {
    expect(handshakeRequest(memory(listener({ selectedProtocol: PROTOCOL.SSL })), ADDRESS)).toBe(REQUEST_TLS_AND_CREDSSP);
    expect(handshakeRequest(memory(listener({ selectedProtocol: PROTOCOL.HYBRID_EX })), ADDRESS)).toBe(REQUEST_TLS_AND_CREDSSP);
  });

  it('standard RDP security when the listener says there is no TLS: selected 0, no negotiation data, or refused for lack of TLS or certificate', () => {
    expect(handshakeRequest(memory(listener({ selectedProtocol: PROTOCOL.RDP })), ADDRESS)).toBe(PROTOCOL.RDP);
    expect(handshakeRequest(memory(listener({ kind: 'confirm-no-negotiation' })), ADDRESS)).toBe(PROTOCOL.RDP);
    expect(handshakeRequest(memory(listener({ kind: 'failure', failureCode: 2 })), ADDRESS)).toBe(PROTOCOL.RDP);
    expect(handshakeRequest(memory(listener({ kind: 'failure', failureCode: 3 })), ADDRESS)).toBe(PROTOCOL.RDP);
  });

  it('the listener decides even when the security-layers result came first (no timing dependence)', () => {
    const tlsListener = listener({ selectedProtocol: PROTOCOL.SSL });
    const rdpOnlyLayers = layers({ rdp: true, tls: false, hybrid: false, hybridEx: false });
    expect(handshakeRequest(memory(rdpOnlyLayers, tlsListener), ADDRESS)).toBe(REQUEST_TLS_AND_CREDSSP);
    expect(handshakeRequest(memory(tlsListener, rdpOnlyLayers), ADDRESS)).toBe(REQUEST_TLS_AND_CREDSSP);
  });

  it('without a usable listener answer, the security layers decide; with neither, the mstsc request', () => {
    const rdpOnly = layers({ rdp: true, tls: false, hybrid: false, hybridEx: false });
    expect(handshakeRequest(memory(rdpOnly), ADDRESS)).toBe(PROTOCOL.RDP);
    expect(handshakeRequest(memory(listener({ kind: 'failure', failureCode: 5 }), rdpOnly), ADDRESS)).toBe(PROTOCOL.RDP);
    expect(handshakeRequest(memory(layers({ rdp: true, tls: true, hybrid: false, hybridEx: false })), ADDRESS)).toBe(REQUEST_TLS_AND_CREDSSP);
    expect(handshakeRequest(memory(), ADDRESS)).toBe(REQUEST_TLS_AND_CREDSSP);
    // Another address's answer does not count.
    expect(handshakeRequest(memory({ ...listener({ selectedProtocol: PROTOCOL.RDP }), address: '192.0.2.99' }), ADDRESS)).toBe(REQUEST_TLS_AND_CREDSSP);
  });
});
