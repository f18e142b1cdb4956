/**
 * A tiny authoritative DNS server on 127.0.0.1 for the tests, so name resolution is tested for real
 * (the probe's resolver talks UDP DNS to it) without any query leaving the machine.
 * Answers A and AAAA from a fixed table; NXDOMAIN for names it does not know; SERVFAIL or silence
 * for names listed as such.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface DnsTable {
  [name: string]: { A?: string[]; AAAA?: string[] } | 'servfail' | 'silent';
}

export interface DnsServer {
  /** "127.0.0.1:PORT", for Resolver.setServers and RDP_DOCTOR_DNS_SERVERS. */
  server: string;
  queries: string[];
  close(): Promise<void>;
}

function readName(msg: Buffer, offset: number): { name: string; end: number } | null {
  const labels: string[] = [];
  let i = offset;
  for (let guard = 0; guard < 128; guard++) {
    if (i >= msg.length) return null;
    const len = msg[i]!;
    if (len === 0) return { name: labels.join('.').toLowerCase(), end: i + 1 };
    if (len > 63 || i + 1 + len > msg.length) return null;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += 1 + len;
  }
  return null;
}

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

function ipv6Bytes(ip: string): Buffer {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export async function startDnsServer(table: DnsTable): Promise<DnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    const question = readName(msg, 12);
    if (!question || question.end + 4 > msg.length) return;
    const qtype = msg.readUInt16BE(question.end);
    queries.push(`${question.name}/${qtype}`);
    const entry = table[question.name];
    if (entry === 'silent') return;
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    const rcode = entry === undefined ? 3 : entry === 'servfail' ? 2 : 0;
    header.writeUInt16BE(0x8400 | (msg.readUInt16BE(2) & 0x0100) | rcode, 2); // QR, AA, RD echoed
    header.writeUInt16BE(1, 4);
    const answers: Buffer[] = [];
    if (entry && typeof entry === 'object') {
      const list = qtype === 1 ? entry.A ?? [] : qtype === 28 ? entry.AAAA ?? [] : [];
      for (const ip of list) {
        const data = qtype === 1 ? ipv4Bytes(ip) : ipv6Bytes(ip);
        const rr = Buffer.alloc(12);
        rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
        rr.writeUInt16BE(qtype, 2);
        rr.writeUInt16BE(1, 4);
        rr.writeUInt32BE(30, 6);
        rr.writeUInt16BE(data.length, 10);
        answers.push(rr, data);
      }
      header.writeUInt16BE(answers.length / 2, 6);
    }
    const reply = Buffer.concat([header, msg.subarray(12, question.end + 4), ...answers]);
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
