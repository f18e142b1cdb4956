/**
 * The loopback bridge's wire protocol, shared by the server (electron/transports/bridge) and the
 * browser client (renderer/api.ts).
 *
 * - The page is opened as `http://127.0.0.1:PORT/#token=TOKEN`; the token never goes to the server
 *   in a URL (the fragment stays in the browser) and is kept in sessionStorage.
 * - `POST /api/call/METHOD`, body: the method's argument as JSON, header `Authorization: Bearer TOKEN`
 *   -> 200 with a Reply (`{ok:true,value}` / `{ok:false,error:{code,message}}`); 4xx for a missing or
 *   wrong token, a foreign Origin or Host, a body that is not JSON or fails the schema.
 * - `GET /api/events`, same header -> text/event-stream, one `data: RunEvent-JSON` per event.
 */
export const CALL_PATH = '/api/call/';
export const EVENTS_PATH = '/api/events';
export const TOKEN_HASH_KEY = 'token';
/** The largest request body: the biggest call (an export of 50 diagnoses by id, skips, fixes) is a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Open event streams at once; one per browser tab is all the wizard needs. */
export const MAX_EVENT_STREAMS = 32;

export function callPath(method: string): string {
  return `${CALL_PATH}${encodeURIComponent(method)}`;
}

/** Split an SSE buffer into complete `data:` payloads; returns the unconsumed rest. */
export function parseSseChunk(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  let rest = buffer;
  let boundary = rest.indexOf('\n\n');
  while (boundary >= 0) {
    const block = rest.slice(0, boundary);
    rest = rest.slice(boundary + 2);
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data) events.push(data);
    boundary = rest.indexOf('\n\n');
  }
  return { events, rest };
}
