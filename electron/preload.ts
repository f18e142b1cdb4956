/**
 * The sandboxed preload: exposes `window.rdpDoctor` with exactly the contract's methods and one
 * event subscription. No raw ipcRenderer, no Node. Arguments are validated in the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, METHOD_NAME_LIST } from '../shared/methodNames';

interface Reply {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

const api: Record<string, unknown> = {};
for (const method of METHOD_NAME_LIST) {
  api[method] = async (argument: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke(IPC_CALL_CHANNEL, method, argument)) as Reply;
    if (reply && reply.ok) return reply.value;
    const error = new Error(reply?.error?.message ?? 'RDP Doctor did not answer.');
    error.name = 'ServiceError';
    (error as Error & { code: string }).code = reply?.error?.code ?? 'internal';
    throw error;
  };
}

const listeners = new Set<(event: unknown) => void>();
let subscribed = false;
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, payload: unknown) => {
  for (const listener of listeners) listener(payload);
});
api.onEvent = (listener: (event: unknown) => void): (() => void) => {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
  listeners.add(listener);
  if (!subscribed) {
    subscribed = true;
    ipcRenderer.send(IPC_SUBSCRIBE_CHANNEL);
  }
  return () => {
    listeners.delete(listener);
  };
};

contextBridge.exposeInMainWorld('rdpDoctor', Object.freeze(api));
