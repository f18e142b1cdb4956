import { describe, expect, it } from 'vitest';
import type { PortOwnerData } from '../../../shared/checks/windows/portOwner';
import type { Target } from '../../../shared/target';
import { runWindowsCheck, type AnyWindowsCheckSpec } from './check';
import { portOwnerCheck } from './portOwnerCheck';

const target: Target = { host: 'localhost', port: 3389, kind: 'dns' };
async function run(stdout: object) {
  const result = await runWindowsCheck(portOwnerCheck as unknown as AnyWindowsCheckSpec, { executor: async () => ({ exitCode: 0, stdout: JSON.stringify(stdout), stderr: '', timedOut: false, cancelled: false, durationMs: 5 }) }, { target, signal: new AbortController().signal, platform: 'win32' });
  return { result, data: result.data as unknown as PortOwnerData };
}
const rdp = { localAddress: '0.0.0.0', localPort: 3389, processId: 1180, processName: 'svchost', services: ['TermService'] };

describe('portOwnerCheck (11.14: what listens on the Remote Desktop port)', () => {
  it('Remote Desktop Services listening: pass; a single service comes out of ConvertTo-Json as a bare string', async () => {
    const { result, data } = await run({ listenerPort: 3389, listeners: { ...rdp, services: 'TermService' }, errors: [] });
    expect(data.termServiceListens).toBe(true);
    expect(data.listeners[0]!.services).toEqual(['TermService']);
    expect(result.status).toBe('pass');
  });

  it('nothing listening, or another program: fail, naming the program', async () => {
    expect((await run({ listenerPort: 3390, listeners: null, errors: [] })).result.summary).toBe('Nothing listens on port 3390: Remote Desktop Services is not accepting connections.');
    const taken = await run({ listenerPort: 3389, listeners: [{ localAddress: '::', localPort: 3389, processId: 4412, processName: 'FernwartungAgent', services: [] }], errors: [] });
    expect(taken.result.status).toBe('fail');
    expect(taken.result.summary).toContain('taken by FernwartungAgent (PID 4412) on ::');
  });

  it('both: warn', async () => {
    const { result } = await run({ listenerPort: 3389, listeners: [rdp, { localAddress: '127.0.0.1', localPort: 3389, processId: 9, processName: 'proxy', services: [] }], errors: [] });
    expect(result.status).toBe('warn');
  });
});
