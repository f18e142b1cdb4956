/**
 * The sandboxed preload: exposes `window.rdpDoctor` with exactly the contract's methods and one
 * event subscription. No raw ipcRenderer, no Node. Arguments are validated in the main process.
 * Each method resolves with the reply envelope (shared/methodNames.ts, PreloadApi): an error keeps
 * its code that way, which a thrown Error would lose on its way through the context bridge.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, METHOD_NAME_LIST, type PreloadApi, type PreloadReply } from '../shared/methodNames';

function failure(code: string, message: string): PreloadReply {
  return { ok: false, error: { code, message } };
}

/** The main process's reply, kept only when it has the envelope's shape (the renderer validates it fully). */
function envelope(reply: unknown): PreloadReply {
  if (typeof reply !== 'object' || reply === null) return failure('internal', 'RDP Doctor did not answer.');
  const r = reply as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return { ok: true, value: r.value };
  const code = typeof r.error?.code === 'string' ? r.error.code : 'internal';
  const message = typeof r.error?.message === 'string' ? r.error.message : 'RDP Doctor did not answer.';
  return failure(code, message);
}

export function createPreloadApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'send'>): PreloadApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAME_LIST) {
    api[method] = async (argument?: unknown): Promise<PreloadReply> => {
      try {
        return envelope(await ipc.invoke(IPC_CALL_CHANNEL, method, argument));
      } catch (error) {
        return failure('internal', `RDP Doctor's main process did not answer (${error instanceof Error ? error.message : String(error)}).`.slice(0, 400));
      }
    };
  }

  const listeners = new Set<(event: unknown) => void>();
  let subscribed = false;
  ipc.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, payload: unknown) => {
    for (const listener of listeners) listener(payload);
  });
  api.onEvent = (listener: (event: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    listeners.add(listener);
    if (!subscribed) {
      subscribed = true;
      ipc.send(IPC_SUBSCRIBE_CHANNEL);
    }
    return () => {
      listeners.delete(listener);
    };
  };
  return Object.freeze(api) as PreloadApi;
}

contextBridge.exposeInMainWorld('rdpDoctor', createPreloadApi(ipcRenderer));
