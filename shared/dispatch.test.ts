import { describe, expect, it } from 'vitest';
import { ServiceError, type RunEvent } from './contract';
import { dispatch, type ServiceImplementation } from './dispatch';

/** A recording service: only the methods these tests call do anything. */
function recordingService(): { service: ServiceImplementation; calls: string[] } {
  const calls: string[] = [];
  const handler = {
    get(_t: object, name: string) {
      if (name === 'subscribe') return (_l: (e: RunEvent) => void) => () => undefined;
      if (name === 'cancel') return async (input: { runId: string }) => {
        calls.push(`cancel:${input.runId}`);
        return { cancelled: false };
      };
      if (name === 'getSettings') return async () => {
        calls.push('getSettings');
        return { theme: 'nope' };
      };
      if (name === 'deleteDiagnosis') return async () => {
        throw new ServiceError('not-found', 'That diagnosis is no longer in the history.');
      };
      return async () => {
        calls.push(name);
        throw new Error('boom\nsecond line');
      };
    },
  };
  return { service: new Proxy({}, handler) as ServiceImplementation, calls };
}

describe('dispatch', () => {
  it('validates the argument before the service sees it', async () => {
    const { service, calls } = recordingService();
    const reply = await dispatch(service, 'diagnose', { runId: 'abcdefgh-1', target: 'host;rm -rf /' }, { transport: 'bridge' });
    expect(reply).toEqual({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/cannot contain/) } });
    expect(calls).toEqual([]);
  });

  it('refuses hex, octal, integer and short IPv4 forms and addresses that name no computer, with the one-line reason', async () => {
    const { service, calls } = recordingService();
    for (const target of ['0x7f000001:33891', '2130706433', '0177.0.0.1', '127.1', '0.0.0.0', '255.255.255.255', '224.0.0.251', 'ff02::1']) {
      const reply = await dispatch(service, 'diagnose', { runId: 'abcdefgh-1', target }, { transport: 'bridge' });
      expect(reply, target).toEqual({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/IPv4|cannot be connected to/) } });
      if (!reply.ok) expect(reply.error.message).not.toContain('\n');
    }
    expect(calls).toEqual([]);
  });

  it('rejects unknown fields, unknown methods and wrong types', async () => {
    const { service, calls } = recordingService();
    expect((await dispatch(service, 'cancel', { runId: 'abcdefgh', extra: 1 }, { transport: 'ipc' })).ok).toBe(false);
    expect((await dispatch(service, 'cancel', { runId: 42 }, { transport: 'ipc' })).ok).toBe(false);
    expect(await dispatch(service, 'constructor', {}, { transport: 'ipc' })).toEqual({ ok: false, error: { code: 'not-found', message: 'No such operation.' } });
    expect(await dispatch(service, '__proto__', {}, { transport: 'ipc' })).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('passes valid arguments and returns the value', async () => {
    const { service, calls } = recordingService();
    expect(await dispatch(service, 'cancel', { runId: 'abcdefgh' }, { transport: 'ipc' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(calls).toEqual(['cancel:abcdefgh']);
  });

  it('refuses a malformed result and carries errors as {code, message}', async () => {
    const { service } = recordingService();
    const bad = await dispatch(service, 'getSettings', {}, { transport: 'ipc' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await dispatch(service, 'deleteDiagnosis', { id: 'x1' }, { transport: 'ipc' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That diagnosis is no longer in the history.' },
    });
    const crash = await dispatch(service, 'listUndo', {}, { transport: 'ipc' });
    expect(crash).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!crash.ok) expect(crash.error.message).not.toContain('\n');
  });
});
