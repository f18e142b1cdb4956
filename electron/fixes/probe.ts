/**
 * A plain "does this port accept a connection" test (WinRM reachability before remote-repair, the
 * RDP port after it), on the engine's one TCP probe (checks/net/tcp.ts): the host is resolved by
 * the system resolver, then its first address is connected to with the probe's timeout.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { tcpConnect } from '../checks/net/tcp';

export async function probeTcp(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  let address = host;
  if (isIP(host) === 0) {
    try {
      address = (await lookup(host)).address;
    } catch {
      return false;
    }
  }
  const result = await tcpConnect(address, port, { timeoutMs, ...(signal ? { signal } : {}) });
  return result.data.outcome === 'open';
}
