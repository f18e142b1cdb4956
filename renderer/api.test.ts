import { describe, expect, it } from 'vitest';
import { ServiceError } from '../shared/contract';
import { METHOD_NAME_LIST, type PreloadApi, type PreloadReply } from '../shared/methodNames';
import { createPreloadBackedApi } from './api';

/** A PreloadApi answering every call with `answer`, and delivering events by hand. */
function preload(answer: (method: string, input: unknown) => unknown): { api: PreloadApi; emit: (event: unknown) => void } {
  const listeners = new Set<(event: unknown) => void>();
  const api = Object.fromEntries(METHOD_NAME_LIST.map((m) => [m, async (input?: unknown) => answer(m, input) as PreloadReply])) as unknown as Record<string, unknown>;
  api.onEvent = (listener: (event: unknown) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { api: api as PreloadApi, emit: (event) => listeners.forEach((l) => l(event)) };
}

describe('createPreloadBackedApi', () => {
  it('unwraps a value that matches the contract', async () => {
    const { api } = preload(() => ({ ok: true, value: { cancelled: false } }));
    await expect(createPreloadBackedApi(api).cancel({ runId: 'run-123456' })).resolves.toEqual({ cancelled: false });
  });

  it('raises a ServiceError that keeps the code sent by the main process', async () => {
    const { api } = preload(() => ({ ok: false, error: { code: 'invalid-input', message: 'target: cannot contain ";"' } }));
    const error = await createPreloadBackedApi(api)
      .diagnose({ runId: 'run-123456', target: 'a;b' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'invalid-input', message: 'target: cannot contain ";"' });
  });

  it('a malformed envelope or a value that breaks the contract is an internal error, not data', async () => {
    for (const raw of ['nope', { ok: true, value: { cancelled: 'yes' } }, { ok: false, error: { code: 'made-up-code', message: 'x' } }]) {
      const { api } = preload(() => raw);
      await expect(createPreloadBackedApi(api).cancel({ runId: 'run-123456' })).rejects.toMatchObject({ code: 'internal' });
    }
  });

  it('passes on only the events that match the contract', () => {
    const { api, emit } = preload(() => null);
    const seen: unknown[] = [];
    const off = createPreloadBackedApi(api).onEvent((e) => seen.push(e));
    emit({ type: 'run-finished', runId: 'run-123456', diagnosisId: 'd-1', cancelled: false });
    emit({ type: 'run-finished', runId: 5 });
    emit('garbage');
    off();
    emit({ type: 'run-finished', runId: 'run-123456', diagnosisId: 'd-1', cancelled: false });
    expect(seen).toHaveLength(1);
  });
});
