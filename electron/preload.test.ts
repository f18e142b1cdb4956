import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, METHOD_NAME_LIST, type PreloadApi } from '../shared/methodNames';

// A hand-written stand-in for Electron's renderer-side modules: records what the preload exposes
// and what it sends, and answers invoke() with whatever the test queues.
const fake = vi.hoisted(() => {
  const state = {
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
    sent: [] as string[],
    answer: (() => Promise.resolve(undefined)) as (...args: unknown[]) => Promise<unknown>,
    onHandlers: new Map<string, (event: unknown, payload: unknown) => void>(),
  };
  return state;
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      fake.invoked.push(args);
      return fake.answer(...args);
    },
    on: (channel: string, handler: (event: unknown, payload: unknown) => void) => fake.onHandlers.set(channel, handler),
    send: (channel: string) => fake.sent.push(channel),
  },
}));

await import('./preload');
const api = fake.exposed.get('rdpDoctor') as PreloadApi;

describe('preload', () => {
  beforeEach(() => {
    fake.invoked.length = 0;
  });

  it('exposes exactly the contract methods and onEvent, frozen, under one name', () => {
    expect([...fake.exposed.keys()]).toEqual(['rdpDoctor']);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAME_LIST, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends the method name and argument on the one call channel and passes the value back', async () => {
    fake.answer = () => Promise.resolve({ ok: true, value: { cancelled: true } });
    await expect(api.cancel({ runId: 'run-1' })).resolves.toEqual({ ok: true, value: { cancelled: true } });
    expect(fake.invoked).toEqual([[IPC_CALL_CHANNEL, 'cancel', { runId: 'run-1' }]]);
  });

  it('keeps the error code: a failure resolves as an envelope instead of a thrown Error', async () => {
    fake.answer = () => Promise.resolve({ ok: false, error: { code: 'invalid-input', message: 'target: cannot contain ;' } });
    await expect(api.diagnose({ target: 'a;b' })).resolves.toEqual({ ok: false, error: { code: 'invalid-input', message: 'target: cannot contain ;' } });
  });

  it('a main process that does not answer, or answers oddly, becomes an internal failure', async () => {
    fake.answer = () => Promise.reject(new Error('No handler registered'));
    const rejected = await api.environment({});
    expect(rejected).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(rejected.ok ? '' : rejected.error.message).toContain('No handler registered');
    fake.answer = () => Promise.resolve('surprise');
    await expect(api.environment({})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    fake.answer = () => Promise.resolve({ ok: false, error: { code: 42 } });
    await expect(api.environment({})).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'RDP Doctor did not answer.' } });
  });

  it('subscribes once, forwards events to every listener, and unsubscribes one listener', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.onEvent((e) => a.push(e));
    api.onEvent((e) => b.push(e));
    expect(fake.sent).toEqual([IPC_SUBSCRIBE_CHANNEL]);
    const deliver = fake.onHandlers.get(IPC_EVENT_CHANNEL)!;
    deliver({}, { type: 'run-finished' });
    offA();
    deliver({}, { type: 'second' });
    expect(a).toEqual([{ type: 'run-finished' }]);
    expect(b).toEqual([{ type: 'run-finished' }, { type: 'second' }]);
    expect(() => api.onEvent('not a function' as unknown as () => void)).toThrow(TypeError);
  });
});
