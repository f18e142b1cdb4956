/**
 * Picks the transport: the preload's `window.rdpDoctor` inside Electron, or the loopback bridge
 * in a browser (`rdp-doctor serve`, end-to-end tests). The rest of the renderer only sees RdpDoctorApi.
 */
import {
  METHOD_NAMES,
  ServiceError,
  replySchema,
  runEventSchema,
  type MethodName,
  type RdpDoctorApi,
  type RunEvent,
} from '../shared/contract';
import { readReply } from '../shared/dispatch';
import type { PreloadApi } from '../shared/methodNames';
import { EVENTS_PATH, TOKEN_HASH_KEY, callPath, parseSseChunk } from '../shared/transport/bridgeProtocol';

declare global {
  interface Window {
    rdpDoctor?: PreloadApi;
  }
}

/**
 * The Electron transport: the preload's methods answer with reply envelopes; each is checked
 * against the contract's reply schema and unwrapped here, so a ServiceError keeps its code.
 * Events are checked against the contract too.
 */
export function createPreloadBackedApi(exposed: PreloadApi): RdpDoctorApi {
  const call = async (method: MethodName, input: unknown): Promise<unknown> => {
    let raw: unknown;
    try {
      raw = await exposed[method](input);
    } catch {
      throw new ServiceError('internal', 'RDP Doctor did not answer.');
    }
    return readReply(method, raw);
  };
  const api = Object.fromEntries(METHOD_NAMES.map((m) => [m, (input: unknown) => call(m, input)])) as unknown as RdpDoctorApi;
  api.onEvent = (listener) =>
    exposed.onEvent((event) => {
      const parsed = runEventSchema.safeParse(event);
      if (parsed.success) listener(parsed.data);
    });
  return api;
}

const TOKEN_STORAGE_KEY = 'rdp-doctor-token';

/** Take the token from `#token=...` once, keep it for this tab, and clean the address bar. */
export function readBridgeToken(): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromHash = hash.get(TOKEN_HASH_KEY);
  if (fromHash) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

export function createBridgeApi(token: string, base = ''): RdpDoctorApi {
  const listeners = new Set<(event: RunEvent) => void>();
  let stream: AbortController | null = null;

  const call = async (method: MethodName, input: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(base + callPath(method), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new ServiceError('internal', 'RDP Doctor is not answering: is `rdp-doctor serve` still running?');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ServiceError('internal', `RDP Doctor answered ${response.status} without a readable reply.`);
    }
    if (!replySchema.safeParse(body).success) throw new ServiceError('internal', `RDP Doctor answered ${response.status} with an unexpected reply.`);
    return readReply(method, body);
  };

  const openStream = (): void => {
    if (stream) return;
    const controller = new AbortController();
    stream = controller;
    const connect = async (attempt: number): Promise<void> => {
      try {
        const response = await fetch(base + EVENTS_PATH, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const { events, rest } = parseSseChunk(buffer + value);
          buffer = rest;
          for (const data of events) {
            const parsed = runEventSchema.safeParse(JSON.parse(data));
            if (parsed.success) for (const listener of listeners) listener(parsed.data);
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      // Reconnect a dropped stream a bounded number of times, backing off.
      if (!controller.signal.aborted && attempt < 20) {
        setTimeout(() => void connect(attempt + 1), Math.min(5000, 250 * 2 ** attempt));
      }
    };
    void connect(0);
  };

  const api = Object.fromEntries(METHOD_NAMES.map((m) => [m, (input: unknown) => call(m, input)])) as unknown as RdpDoctorApi;
  api.onEvent = (listener) => {
    listeners.add(listener);
    openStream();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && stream) {
        stream.abort();
        stream = null;
      }
    };
  };
  return api;
}

let cached: RdpDoctorApi | null = null;

export function getApi(): RdpDoctorApi {
  if (cached) return cached;
  if (window.rdpDoctor) {
    cached = createPreloadBackedApi(window.rdpDoctor);
    return cached;
  }
  const token = readBridgeToken();
  if (!token) {
    throw new ServiceError('forbidden', 'This page needs the link printed by `rdp-doctor serve` (it carries the access token).');
  }
  cached = createBridgeApi(token);
  return cached;
}
