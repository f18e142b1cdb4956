/**
 * Electron IPC transport (main side): one invoke channel carrying (method, argument), validated by
 * the contract through shared/dispatch, and progress events pushed to subscribed windows.
 * Every message's sender is checked against our own windows and origin first.
 */
import { dispatch, type ServiceImplementation } from '../../shared/dispatch';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../../shared/methodNames';
import { isTrustedSender, type IpcSenderInfo } from '../window/security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderInfo, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcSenderInfo & { sender: IpcSenderInfo['sender'] & SendTarget }, ...args: unknown[]) => void): void;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): void;
}

export interface SendTarget {
  id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): void;
}

export function registerIpc(ipcMain: IpcMainLike, service: ServiceImplementation, ourWebContentsIds: () => ReadonlySet<number>): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method, argument) => {
    if (!isTrustedSender(event, ourWebContentsIds())) {
      return { ok: false, error: { code: 'forbidden', message: 'This request did not come from RDP Doctor’s own window.' } };
    }
    return dispatch(service, method, argument, { transport: 'ipc' });
  });

  const subscribed = new Map<number, () => void>();
  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, (event) => {
    if (!isTrustedSender(event, ourWebContentsIds())) return;
    const target = event.sender;
    if (subscribed.has(target.id)) return;
    const unsubscribe = service.subscribe((runEvent) => {
      if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, runEvent);
    });
    subscribed.set(target.id, unsubscribe);
    target.once('destroyed', () => {
      unsubscribe();
      subscribed.delete(target.id);
    });
  });

  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    ipcMain.removeAllListeners(IPC_SUBSCRIBE_CHANNEL);
    for (const unsubscribe of subscribed.values()) unsubscribe();
    subscribed.clear();
  };
}
