import { describe, expect, it } from 'vitest';
import { NOT_WINDOWS_REASON, WINDOWS_CHECK_IDS } from '../../../shared/checks/windows/ids';
import { DEFAULT_RUN_OPTIONS, checkResultSchema, type CheckResult } from '../../../shared/model';
import type { Target } from '../../../shared/target';
import type { CheckContext } from '../../engine/types';
import { WINDOWS_CHECK_SPECS, createWindowsChecks, windowsChecks } from './index';
import { target, recorded } from './testing/recorded';

// ---- through the engine's CheckDefinition -----------------------------------------------------

function context(platform: NodeJS.Platform, t: Target = target, windows = true): CheckContext {
  return { target: t, options: { ...DEFAULT_RUN_OPTIONS, windows }, signal: new AbortController().signal, memory: { results: [] }, platform };
}

async function runAll(defs: ReturnType<typeof createWindowsChecks>, ctx: CheckContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const def of defs) for (const unit of await def.plan(ctx)) out.push(await unit.run(ctx));
  return out;
}

describe('the definitions', () => {
  it('cover every Windows check id once, in the wizard steps the brief gives', () => {
    expect(windowsChecks.map((d) => d.id).sort()).toEqual(Object.values(WINDOWS_CHECK_IDS).sort());
    const step = Object.fromEntries(windowsChecks.map((d) => [d.id, d.step]));
    expect(step).toMatchObject({
      'win-client-firewall': 'reachability',
      'win-security-suites': 'reachability',
      'win-cert-store': 'certificate',
      'win-key-file': 'certificate',
      'win-rdp-events': 'certificate',
      'win-rdp-port-owner': 'reachability',
      'win-schannel-server': 'certificate',
      'win-credssp-policy': 'security',
      'win-rdp-listener': 'security',
      'win-schannel-client': 'security',
      'win-vpn': 'stability',
      'win-nic-power': 'stability',
    });
  });

  it(`on this system (${process.platform}) every check is skipped as not applicable, for real`, async () => {
    if (process.platform === 'win32') return;
    const results = await runAll(windowsChecks, context(process.platform, { host: 'localhost', port: 3389, kind: 'dns' }));
    expect(results).toHaveLength(WINDOWS_CHECK_SPECS.length);
    for (const r of results) {
      expect(r.status).toBe('skipped');
      expect(r.reason).toBe(NOT_WINDOWS_REASON);
      expect(checkResultSchema.safeParse(r).success).toBe(true);
    }
  });

  it('with the Windows checks turned off, nothing is planned', async () => {
    for (const def of windowsChecks) expect(await def.plan(context('win32', target, false))).toEqual([]);
  });

  it('on Windows, server checks for another machine are skipped and say where to run; client checks run', async () => {
    const exec = recorded('{"errors":[]}');
    const defs = createWindowsChecks({ executor: exec, hostname: () => 'MY-LAPTOP', interfaces: () => ({}) });
    const results = await runAll(defs, context('win32'));
    const server = results.filter((r) => ['win-rdp-listener', 'win-cert-store', 'win-key-file', 'win-rdp-services', 'win-rdp-port-owner', 'win-server-firewall', 'win-schannel-server', 'win-rdp-events'].includes(r.id));
    expect(server).toHaveLength(8);
    for (const r of server) {
      expect(r.status).toBe('skipped');
      expect(r.reason).toBe('Runs on the server itself: start RDP Doctor on pc-042.corp.example to check this');
    }
    expect(exec.requests.map((r) => r.scriptId).sort()).toEqual(['accepted-cert', 'client-firewall', 'credssp-policy', 'nic-power', 'schannel', 'security-suites', 'vpn']);
  });

  it('on Windows with this machine as the target, server checks run', async () => {
    const exec = recorded('{"errors":[]}');
    const defs = createWindowsChecks({ executor: exec, hostname: () => 'PC-042', interfaces: () => ({}) });
    await runAll(defs, context('win32'));
    expect(exec.requests.map((r) => r.scriptId)).toEqual(expect.arrayContaining(['listener-settings', 'cert-store', 'key-file', 'services', 'port-owner', 'server-firewall', 'events']));
  });
});
