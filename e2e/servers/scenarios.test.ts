import { afterAll, describe, expect, it } from 'vitest';
import { serversAvailable } from './availability';
import { FAULT_KINDS } from './faults';
import { LOOPBACK, tryConnect } from './ports';
import { stopAll } from './registry';
import { serverScenarios, type ServerScenario } from './scenarios';
import { XRDP_SCENARIOS } from './xrdp';

const scenarios = serverScenarios();
const named = (name: string): ServerScenario => {
  const found = scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};

afterAll(() => stopAll());

describe('serverScenarios', () => {
  it('lists every xrdp scenario, shadow with NLA and with TLS, every fault and the filtered port, once each, in that order', () => {
    expect(scenarios.map((s) => s.name)).toEqual([
      ...XRDP_SCENARIOS.map((s) => `xrdp ${s}`),
      'shadow nla',
      'shadow tls',
      ...FAULT_KINDS.map((k) => `fault ${k}`),
      'filtered port',
    ]);
  });

  it("says why a server cannot run here with the harness's own reason", () => {
    const available = serversAvailable();
    expect(named('xrdp valid-cert').unavailable).toBe(available.xrdp === true ? null : available.xrdp);
    expect(named('shadow nla').unavailable).toBe(available.shadow === true ? null : available.shadow);
    expect(scenarios.filter((s) => s.name.startsWith('fault ')).every((s) => s.unavailable === null)).toBe(true);
  });

  it('the faults that cut every Nth connection count connections; FreeRDP shadow takes one client at a time', () => {
    expect(scenarios.filter((s) => s.countsConnections).map((s) => s.name)).toEqual(['fault flaky', 'fault flaky-after-tls']);
    expect(scenarios.filter((s) => s.oneClientAtATime).map((s) => s.name)).toEqual(['shadow nla', 'shadow tls']);
  });

  it('starts a fault on a loopback port that takes connections, and stops it', async () => {
    const server = await named('fault tls-ok').start();
    if ('skipped' in server) throw new Error(server.skipped);
    expect(await tryConnect(LOOPBACK, server.port)).toBe('connected');
    await server.stop();
    await server.stop();
    expect(await tryConnect(LOOPBACK, server.port)).toBe('refused');
  });

  it('starts a filtered port where SYNs go unanswered, or says why it cannot', async () => {
    const server = await named('filtered port').start();
    if ('skipped' in server) {
      expect(server.skipped).not.toBe('');
      return;
    }
    expect(await tryConnect(LOOPBACK, server.port, 300)).toBe('timeout');
    await server.stop();
    expect(await tryConnect(LOOPBACK, server.port, 300)).toBe('refused');
  });
});
