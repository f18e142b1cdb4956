import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pingExecutable, readPingOutput, runPing } from './ping';

const out = (stdout: string, exitCode: number | null, stderr = '') => ({ stdout, stderr, exitCode });

describe('readPingOutput: Linux (iputils)', () => {
  it('a reply', () => {
    const r = readPingOutput('linux', out('PING 10.0.0.2 (10.0.0.2) 1172(1200) bytes of data.\n1180 bytes from 10.0.0.2: icmp_seq=1 ttl=63 time=0.110 ms\n\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n', 0));
    expect(r).toMatchObject({ outcome: 'reply', line: expect.stringContaining('ttl=63') });
  });
  it('no reply', () => {
    expect(readPingOutput('linux', out('PING 10.0.0.2 (10.0.0.2) 1300(1328) bytes of data.\n\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n', 1)).outcome).toBe('no-reply');
  });
  it('no reply with a send error printed (ENOBUFS) is still no reply', () => {
    expect(readPingOutput('linux', out('1 packets transmitted, 0 received, 100% packet loss, time 0ms', 1, 'ping: sendmsg: No buffer space available')).outcome).toBe('no-reply');
  });
  it('too big for this computer\'s own interface', () => {
    const r = readPingOutput('linux', out('--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n', 1, 'ping: local error: message too long, mtu=1500\n'));
    expect(r).toMatchObject({ outcome: 'too-big', mtu: 1500, local: true });
  });
  it('a router says fragmentation needed', () => {
    const r = readPingOutput('linux', out('From 10.0.0.1 icmp_seq=1 Frag needed and DF set (mtu = 1400)\n\n1 packets transmitted, 0 received, +1 errors, 100% packet loss', 1));
    expect(r).toMatchObject({ outcome: 'too-big', mtu: 1400 });
    expect(r.local).toBeUndefined();
  });
  it('unreachable, and ping failing to run', () => {
    expect(readPingOutput('linux', out('From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n', 1)).outcome).toBe('unreachable');
    expect(readPingOutput('linux', out('', 2, 'ping: 10.0.0.x: Name or service not known')).outcome).toBe('error');
    expect(readPingOutput('linux', out('', 2, 'ping: something odd')).outcome).toBe('error');
    expect(readPingOutput('linux', out('', null)).outcome).toBe('error');
  });
});

describe('readPingOutput: Windows (exit 0 even for "unreachable")', () => {
  it('English', () => {
    expect(readPingOutput('win32', out('\r\nPinging 10.0.0.2 with 1172 bytes of data:\r\nReply from 10.0.0.2: bytes=1172 time=12ms TTL=57\r\n', 0)).outcome).toBe('reply');
    expect(readPingOutput('win32', out('Pinging 10.0.0.2 with 1300 bytes of data:\r\nRequest timed out.\r\n\r\nPing statistics for 10.0.0.2:\r\n    Packets: Sent = 1, Received = 0, Lost = 1 (100% loss),\r\n', 1)).outcome).toBe('no-reply');
    expect(readPingOutput('win32', out('Pinging 10.0.0.2 with 1500 bytes of data:\r\nPacket needs to be fragmented but DF set.\r\n', 1))).toMatchObject({ outcome: 'too-big' });
    expect(readPingOutput('win32', out('Reply from 10.0.0.1: Destination host unreachable.\r\n', 0)).outcome).toBe('unreachable');
  });
  it('German and French', () => {
    expect(readPingOutput('win32', out('Antwort von 10.0.0.2: Bytes=1172 Zeit=12ms TTL=57\r\n', 0)).outcome).toBe('reply');
    expect(readPingOutput('win32', out('Réponse de 10.0.0.2 : octets=1172 temps=12 ms TTL=57\r\n', 0)).outcome).toBe('reply');
    expect(readPingOutput('win32', out('Zeitüberschreitung der Anforderung.\r\n', 1)).outcome).toBe('no-reply');
    expect(readPingOutput('win32', out('Paket müsste fragmentiert werden, DF-Flag ist jedoch gesetzt.\r\n', 1)).outcome).toBe('too-big');
    expect(readPingOutput('win32', out('Antwort von 10.0.0.1: Zielhost nicht erreichbar.\r\n', 0)).outcome).not.toBe('reply');
  });
});

describe('readPingOutput: macOS (exit 2 for no reply)', () => {
  it('reply, timeout, local and router too-big', () => {
    expect(readPingOutput('darwin', out('PING 10.0.0.2 (10.0.0.2): 1172 data bytes\n1180 bytes from 10.0.0.2: icmp_seq=0 ttl=57 time=12.345 ms\n', 0)).outcome).toBe('reply');
    expect(readPingOutput('darwin', out('PING 10.0.0.2 (10.0.0.2): 1300 data bytes\n\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 0 packets received, 100.0% packet loss\n', 2)).outcome).toBe('no-reply');
    expect(readPingOutput('darwin', out('', 2, 'ping: sendto: Message too long\n'))).toMatchObject({ outcome: 'too-big', local: true });
    expect(readPingOutput('darwin', out('92 bytes from 10.0.0.1: frag needed and DF set (MTU 1400)\n', 2))).toMatchObject({ outcome: 'too-big', mtu: 1400 });
    expect(readPingOutput('darwin', out('', 68, 'ping: cannot resolve x: Unknown host')).outcome).toBe('error');
  });
});

describe('readPingOutput on hostile output', () => {
  it('random, huge and truncated text: classified, never thrown', () => {
    for (let i = 0; i < 200; i++) {
      const text = randomBytes(1 + (i * 37) % 3000).toString(i % 2 ? 'latin1' : 'utf8');
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        const r = readPingOutput(platform, out(text, i % 4, text.slice(0, 50)));
        expect(['reply', 'too-big', 'no-reply', 'unreachable', 'error']).toContain(r.outcome);
        expect((r.line ?? '').length).toBeLessThanOrEqual(200);
      }
    }
    expect(readPingOutput('linux', out('1180 bytes from 10.0.0.2: icmp_seq=1 ttl=63 time=0.1 ms'.repeat(5000), 0)).line!.length).toBeLessThanOrEqual(200);
  });
});

describe.skipIf(process.platform !== 'linux' || !pingExecutable('linux'))('runPing with the real ping (loopback)', () => {
  it('a full-size packet to 127.0.0.1 gets a reply', async () => {
    const r = await runPing('127.0.0.1', 1472, { platform: 'linux', waitMs: 1000 });
    expect(r).toMatchObject({ outcome: 'reply', payload: 1472 });
  });
  it('refuses a name or an option before anything runs, a missing program is an error, a cancel is quick', async () => {
    expect((await runPing('localhost', 100, { platform: 'linux', waitMs: 1000 })).outcome).toBe('error');
    expect((await runPing('-f', 100, { platform: 'linux', waitMs: 1000 })).outcome).toBe('error');
    expect(await runPing('127.0.0.1', 100, { platform: 'linux', waitMs: 1000, executable: '/nonexistent/ping' })).toMatchObject({ outcome: 'error', line: expect.stringContaining('not found') });
    const controller = new AbortController();
    controller.abort();
    expect((await runPing('127.0.0.1', 100, { platform: 'linux', waitMs: 1000, signal: controller.signal })).line).toBe('cancelled');
  });
});

describe('pingExecutable', () => {
  it('looks only at fixed paths', () => {
    expect(pingExecutable('darwin', (p) => p === '/sbin/ping')).toBe('/sbin/ping');
    expect(pingExecutable('linux', (p) => p === '/bin/ping')).toBe('/bin/ping');
    expect(pingExecutable('linux', () => false)).toBeNull();
    expect(pingExecutable('win32', (p) => p.endsWith('PING.EXE'))).toMatch(/System32\\PING\.EXE$/);
  });
});
