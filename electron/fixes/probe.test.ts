import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTcp } from './probe';

describe('probeTcp', () => {
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  const listen = async (): Promise<number> => {
    const server = net.createServer((socket) => socket.destroy());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  };

  it('is true for a listening loopback port, by address and by the name localhost', async () => {
    const port = await listen();
    expect(await probeTcp('127.0.0.1', port, 2000)).toBe(true);
    expect(await probeTcp('localhost', port, 2000)).toBe(true);
  });

  it('is false for a closed port, a name that does not resolve, and a cancelled probe', async () => {
    const port = await listen();
    await new Promise((r) => servers.pop()!.close(r));
    expect(await probeTcp('127.0.0.1', port, 2000)).toBe(false);
    expect(await probeTcp('no-such-host.invalid', 3389, 2000)).toBe(false);
    const controller = new AbortController();
    controller.abort();
    expect(await probeTcp('127.0.0.1', port, 2000, controller.signal)).toBe(false);
  });
});
