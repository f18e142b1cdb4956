// shared/rules/windows/tlsDisabled.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { eventsCheck, schannelServerCheck } from '../windows/index';
import { check, rules } from './testing';

describe('TLS switched off', () => {
  it('tls-disabled-on-server with the 36871 events as evidence', async () => {
    const found = rules([await check(schannelServerCheck, 'schannel.tls12-off-server.json'), await check(eventsCheck, 'events.tls-disabled.json')]);
    const f = found.find((x) => x.id === 'tls-disabled-on-server')!;
    expect(f.evidence.some((e) => e.label === 'Event 36871')).toBe(true);
    expect(f.fixes[0]!.id).toBe('enable-tls12');
  });
});
