import { describe, expect, it } from 'vitest';
import type { EventGroup } from '../../checks/windows/events';
import { eventGroupText } from './eventText';

const group: EventGroup = { provider: 'Schannel', id: 36870, count: 12, latestTime: '2025-12-01T09:41:07.000Z', latestMessage: 'Fehler beim Zugriff\r\n  auf den Schlüssel. ', alertCodes: [], capped: false };

describe('eventGroupText', () => {
  it('count, id, provider, latest time and the message as Windows wrote it, whitespace folded', () => {
    expect(eventGroupText(group)).toBe('12 × event 36870 (Schannel), latest 2025-12-01T09:41:07.000Z: "Fehler beim Zugriff auf den Schlüssel."');
  });

  it('a capped count gets "+"; no time and no message are said, not left blank', () => {
    expect(eventGroupText({ ...group, count: 500, capped: true, latestTime: null, latestMessage: null })).toBe('500+ × event 36870 (Schannel), no message text');
  });

  it('a message longer than the script keeps is cut with an ellipsis', () => {
    const text = eventGroupText({ ...group, latestMessage: 'x'.repeat(700) });
    expect(text).toMatch(/: "x{599}…"$/);
  });
});
