/**
 * MS-RDPEUDP SYN probe (informational): does UDP 3389 answer with a SYN+ACK?
 * Rate-limited: at most 3 datagrams, spaced over the timeout (RDP UDP reflects; CERT-EU 2021-005).
 * Pure encoder/decoder plus `probeUdp`.
 */
import { randomInt } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { UdpData } from '../../../shared/checks/net';
import { ABORTED, errorCode, errorMessage, now, since, type ProbeOptions } from './io';

export const RDPUDP_FLAGS = {
  SYN: 0x0001,
  FIN: 0x0002,
  ACK: 0x0004,
  DATA: 0x0008,
  FEC: 0x0010,
  CN: 0x0020,
  CWR: 0x0040,
  SACK_OPTION: 0x0080,
  ACK_OF_ACKS: 0x0100,
  SYNLOSSY: 0x0200,
  ACKDELAYED: 0x0400,
  CORRELATION_ID: 0x0800,
  SYNEX: 0x1000,
} as const;

/** MTU announced both ways, and the size the SYN datagram is padded to (MS-RDPEUDP 3.1.5.1.1; padding unconfirmed). */
export const RDPUDP_MTU = 1232;
export const RDPUDP_SYNEX_VERSION_INFO_VALID = 0x0001;
export const RDPUDP_PROTOCOL_VERSION_2 = 0x0002;
export const RDPUDP_RECEIVE_WINDOW = 64;

export function rdpudpFlagNames(flags: number): string[] {
  const names: string[] = [];
  let rest = flags & 0xffff;
  for (const [name, bit] of Object.entries(RDPUDP_FLAGS)) {
    if (rest & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

export interface SynOptions {
  initialSequenceNumber: number;
  receiveWindow?: number;
  /** Add RDPUDP_SYNDATAEX_PAYLOAD (version 2). Default true. */
  synEx?: boolean;
}

/**
 * SYN datagram, network byte order: RDPUDP_FEC_HEADER (snSourceAck = -1, uReceiveWindowSize, uFlags),
 * RDPUDP_SYNDATA_PAYLOAD (snInitialSequenceNumber, uUpStreamMtu, uDownStreamMtu), optionally
 * RDPUDP_SYNDATAEX_PAYLOAD (uSynExFlags, uUdpVer), zero padding to 1232 bytes.
 * No CORRELATION_ID: it ties the UDP flow to a TCP connection's multitransport request, which a
 * stand-alone probe does not have.
 */
export function encodeRdpUdpSyn(options: SynOptions): Buffer {
  const out = Buffer.alloc(RDPUDP_MTU);
  const synEx = options.synEx ?? true;
  out.writeUInt32BE(0xffffffff, 0);
  out.writeUInt16BE(options.receiveWindow ?? RDPUDP_RECEIVE_WINDOW, 4);
  out.writeUInt16BE(RDPUDP_FLAGS.SYN | (synEx ? RDPUDP_FLAGS.SYNEX : 0), 6);
  out.writeUInt32BE(options.initialSequenceNumber >>> 0, 8);
  out.writeUInt16BE(RDPUDP_MTU, 12);
  out.writeUInt16BE(RDPUDP_MTU, 14);
  if (synEx) {
    out.writeUInt16BE(RDPUDP_SYNEX_VERSION_INFO_VALID, 16);
    out.writeUInt16BE(RDPUDP_PROTOCOL_VERSION_2, 18);
  }
  return out;
}

export interface SynAck {
  flags: number;
  flagNames: string[];
  snSourceAck: number;
  ackOfSequence: boolean;
  receiveWindow: number;
  serverInitialSequenceNumber?: number;
  upstreamMtu?: number;
  downstreamMtu?: number;
  udpVersion?: number;
  isSynAck: boolean;
  bytes: number;
}

export type SynAckDecode = { ok: true; reply: SynAck } | { ok: false; error: string };

/** Decode a reply datagram against the sequence number we sent. Never throws. */
export function decodeRdpUdpSynAck(datagram: Uint8Array, initialSequenceNumber: number): SynAckDecode {
  const bytes = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  if (bytes.length < 8) return { ok: false, error: `${bytes.length} bytes: shorter than the 8-byte RDPUDP header.` };
  const snSourceAck = bytes.readUInt32BE(0);
  const receiveWindow = bytes.readUInt16BE(4);
  const flags = bytes.readUInt16BE(6);
  const reply: SynAck = {
    flags,
    flagNames: rdpudpFlagNames(flags),
    snSourceAck,
    ackOfSequence: snSourceAck === initialSequenceNumber >>> 0,
    receiveWindow,
    isSynAck: (flags & RDPUDP_FLAGS.SYN) !== 0 && (flags & RDPUDP_FLAGS.ACK) !== 0,
    bytes: bytes.length,
  };
  if ((flags & RDPUDP_FLAGS.SYN) && bytes.length >= 16) {
    reply.serverInitialSequenceNumber = bytes.readUInt32BE(8);
    reply.upstreamMtu = bytes.readUInt16BE(12);
    reply.downstreamMtu = bytes.readUInt16BE(14);
    let at = 16;
    if (flags & RDPUDP_FLAGS.CORRELATION_ID) at += 32;
    if (flags & RDPUDP_FLAGS.SYNEX && bytes.length >= at + 4) reply.udpVersion = bytes.readUInt16BE(at + 2);
  }
  return { ok: true, reply };
}

export const NO_ANSWER_DETAIL = 'UDP disabled or filtered — cannot tell which';

export interface UdpProbeOptions extends ProbeOptions {
  /** At most this many datagrams (capped at 3). */
  datagrams?: number;
}

/** Send up to 3 SYNs spaced over the timeout; the first decodable reply ends it. Never throws. */
export function probeUdp(address: string, port: number, options: UdpProbeOptions): Promise<UdpData> {
  const started = now();
  const maxDatagrams = Math.max(1, Math.min(3, options.datagrams ?? 3));
  const isn = randomInt(0, 0x7fffffff);
  const syn = encodeRdpUdpSyn({ initialSequenceNumber: isn });
  const family = isIP(address);
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const holder: { socket?: UdpSocket } = {};
    const timers: NodeJS.Timeout[] = [];
    const finish = (fields: Omit<UdpData, 'address' | 'port' | 'durationMs' | 'datagramsSent'>): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      options.signal?.removeEventListener('abort', onAbort);
      try {
        holder.socket?.close();
      } catch {
        // already closed
      }
      resolve({ address, port, datagramsSent: sent, ...fields, durationMs: since(started) });
    };
    const onAbort = (): void => finish({ outcome: 'error', detail: `Cancelled (${ABORTED}).` });
    if (family === 0) {
      finish({ outcome: 'error', detail: `"${address}" is not an IP address.` });
      return;
    }
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const s = createSocket(family === 6 ? 'udp6' : 'udp4');
    holder.socket = s;
    s.on('error', (error) => {
      const code = errorCode(error);
      if (code === 'ECONNREFUSED') finish({ outcome: 'icmp-unreachable', detail: 'The host answered "port unreachable" (ICMP): nothing listens on this UDP port.' });
      else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') finish({ outcome: 'icmp-unreachable', detail: `The host or network is unreachable over UDP (${code}).` });
      else finish({ outcome: 'error', detail: `${code ?? 'error'}: ${errorMessage(error)}` });
    });
    s.on('message', (message: Buffer) => {
      const decoded = decodeRdpUdpSynAck(message, isn);
      if (!decoded.ok) {
        finish({ outcome: 'answered', reply: { flags: 0, flagNames: [], ackOfSequence: false, bytes: message.length }, detail: `Something answered on UDP, not as RDP: ${decoded.error}` });
        return;
      }
      const r = decoded.reply;
      const detail = r.isSynAck
        ? r.ackOfSequence
          ? `SYN+ACK acknowledging our sequence number${r.udpVersion ? `, RDP-UDP version 0x${r.udpVersion.toString(16)}` : ''}.`
          : 'SYN+ACK that does not acknowledge our sequence number.'
        : `A reply with flags ${r.flagNames.join('|') || 'none'} (not a SYN+ACK).`;
      finish({ outcome: 'answered', reply: { flags: r.flags, flagNames: r.flagNames, ackOfSequence: r.ackOfSequence, receiveWindow: r.receiveWindow, bytes: r.bytes }, detail });
    });
    const send = (): void => {
      if (settled || sent >= maxDatagrams) return;
      sent++;
      s.send(syn, (error) => {
        if (error) s.emit('error', error);
      });
    };
    const spacing = Math.max(50, Math.floor(options.timeoutMs / maxDatagrams));
    try {
      s.connect(port, address, () => {
        send();
        for (let i = 1; i < maxDatagrams; i++) timers.push(setTimeout(send, spacing * i));
      });
    } catch (error) {
      finish({ outcome: 'error', detail: errorMessage(error) });
      return;
    }
    timers.push(setTimeout(() => finish({ outcome: 'no-answer', detail: NO_ANSWER_DETAIL }), Math.max(0, options.timeoutMs)));
  });
}
