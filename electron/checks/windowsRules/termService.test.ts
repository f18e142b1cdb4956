// shared/rules/windows/termService.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { servicesCheck } from '../windows/index';
import { check, rules } from './testing';

describe('Remote Desktop Services', () => {
  it('termservice-stopped with the automatic start fix', async () => {
    const [f] = rules([await check(servicesCheck, 'services.stopped.json')]);
    expect(f).toMatchObject({ id: 'termservice-stopped', severity: 'error' });
    expect(f!.plain).toContain('disabled');
    expect(f!.fixes[0]).toMatchObject({ id: 'start-termservice', automatic: true });
  });
});
