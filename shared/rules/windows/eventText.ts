/**
 * How a group of Windows events reads for IT, in every finding that quotes the events check: count
 * ("+" when the query's cap was reached), id, provider, latest time, and Windows' own message with its
 * whitespace folded (quoted, not interpreted; up to the events script's 600 characters).
 */
import type { EventGroup } from '../../checks/windows/events';

const MESSAGE_MAX = 600;

export function eventGroupText(g: EventGroup): string {
  const message = g.latestMessage?.replace(/\s+/g, ' ').trim() ?? '';
  const quoted = message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX - 1)}…` : message;
  return `${g.count}${g.capped ? '+' : ''} × event ${g.id} (${g.provider})${g.latestTime ? `, latest ${g.latestTime}` : ''}${quoted ? `: "${quoted}"` : ', no message text'}`;
}
