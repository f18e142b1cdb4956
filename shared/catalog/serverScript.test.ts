import { describe, expect, it } from 'vitest';
import type { FixContext } from './fix';
import { readFixScript } from './fixScripts';
import { ON_SERVER, serverScriptFix } from './serverScript';

describe('serverScriptFix', () => {
  const spec = {
    id: 'start-termservice',
    title: 'Start',
    plain: 'Starts it.',
    invasiveness: 'low' as const,
    risk: 'None.',
    steps: ['Run the script below.'],
    run: { what: 'Start the services', scriptId: 'fix-start-services' as const, input: {} },
  };

  it('is done at the remote computer: PowerShell there first, then the steps, and the one command is the script the fix runs', () => {
    const ctx: FixContext = { target: { host: 'pc-042.corp.example', port: 3389, kind: 'dns' }, platform: 'win32', targetIsLocal: true };
    const fix = serverScriptFix(ctx, spec);
    expect(fix.where).toBe('server');
    expect(fix.steps).toEqual([ON_SERVER, 'Run the script below.']);
    expect(fix.commands).toHaveLength(1);
    expect(fix.commands[0]!.label).toBe('Start the services (the script the fix runs)');
    expect(readFixScript(fix.commands[0]!.text)).toEqual({ scriptId: 'fix-start-services', input: {} });
    expect(fix.automatic).toBe(true);
    expect(serverScriptFix({ ...ctx, targetIsLocal: false }, spec).automatic).toBe(false);
  });
});
