import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/contract';
import type { ServiceImplementation } from '../../shared/dispatch';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../../shared/methodNames';
import { APP_ENTRY_URL } from '../window/security';
import { registerIpc, type IpcMainLike, type SendTarget } from './ipc';

/** A hand-written fake of ipcMain: keeps the handlers so the test can invoke them as Electron would. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: never, ...args: unknown[]) => unknown>();
  listeners = new Map<string, (event: never, ...args: unknown[]) => void>();
  handle(channel: string, listener: (event: never, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: (event: never, ...args: unknown[]) => void): void {
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel);
  }
}

function fakeSender(id: number): SendTarget & { sent: unknown[] } {
  const sent: unknown[] = [];
  return { id, sent, send: (_c, payload) => sent.push(payload), isDestroyed: () => false, once: () => undefined };
}

function serviceSpy() {
  const calls: unknown[] = [];
  let listener: ((e: RunEvent) => void) | null = null;
  const service = {
    subscribe: (l: (e: RunEvent) => void) => {
      listener = l;
      return () => (listener = null);
    },
    cancel: async (input: unknown) => {
      calls.push(input);
      return { cancelled: true };
    },
  } as unknown as ServiceImplementation;
  return { service, calls, emit: (e: RunEvent) => listener?.(e) };
}

describe('IPC transport', () => {
  const frame = { url: APP_ENTRY_URL, parent: null };

  it('answers our own window and validates arguments before the service', async () => {
    const ipc = new FakeIpcMain();
    const { service, calls } = serviceSpy();
    registerIpc(ipc, service, () => new Set([1]));
    const invoke = ipc.handlers.get(IPC_CALL_CHANNEL)!;
    expect(await invoke({ sender: fakeSender(1), senderFrame: frame } as never, 'cancel', { runId: 'run-12345' })).toEqual({ ok: true, value: { cancelled: true } });
    const bad = await invoke({ sender: fakeSender(1), senderFrame: frame } as never, 'cancel', { runId: '../../x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const extra = await invoke({ sender: fakeSender(1), senderFrame: frame } as never, 'cancel', { runId: 'run-12345', __proto__: { x: 1 }, y: 2 });
    expect(extra).toMatchObject({ ok: false });
    expect(calls).toEqual([{ runId: 'run-12345' }]);
  });

  it('refuses other senders: another web contents, a sub-frame, a foreign origin', async () => {
    const ipc = new FakeIpcMain();
    const { service, calls } = serviceSpy();
    registerIpc(ipc, service, () => new Set([1]));
    const invoke = ipc.handlers.get(IPC_CALL_CHANNEL)!;
    for (const event of [
      { sender: fakeSender(2), senderFrame: frame },
      { sender: fakeSender(1), senderFrame: { url: APP_ENTRY_URL, parent: {} } },
      { sender: fakeSender(1), senderFrame: { url: 'https://evil.example/', parent: null } },
    ]) {
      expect(await invoke(event as never, 'cancel', { runId: 'run-12345' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toEqual([]);
  });

  it('streams events only to subscribed trusted windows', () => {
    const ipc = new FakeIpcMain();
    const spy = serviceSpy();
    registerIpc(ipc, spy.service, () => new Set([1]));
    const subscribe = ipc.listeners.get(IPC_SUBSCRIBE_CHANNEL)!;
    const ours = fakeSender(1);
    const foreign = fakeSender(3);
    subscribe({ sender: foreign, senderFrame: frame } as never);
    subscribe({ sender: ours, senderFrame: frame } as never);
    const event: RunEvent = { type: 'run-finished', runId: 'r', diagnosisId: 'd', cancelled: false };
    spy.emit(event);
    expect(ours.sent).toEqual([event]);
    expect(foreign.sent).toEqual([]);
    expect(IPC_EVENT_CHANNEL).toBe('rdp-doctor:event');
  });
});
