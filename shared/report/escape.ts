/**
 * Escaping for the report formats. Every value that comes from a check, a finding or the user goes
 * through one of these; nothing is inserted raw.
 */

/** Text for HTML element content and attribute values (double- or single-quoted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Inline Markdown text: line breaks become spaces, Markdown punctuation is backslash-escaped and
 * `<`, `>`, `&` become entities, so neither formatting nor raw HTML can be injected into a ticket.
 */
export function mdText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** Text that starts a line: also keeps a leading "-", "=" or "1." from becoming a list or a heading. */
export function mdParagraph(text: string): string {
  return mdText(text)
    .replace(/^([-=])/, '\\$1')
    .replace(/^(\d+)\./, '$1\\.');
}

/** A fenced code block that holds any text (the fence is longer than any backtick run inside). */
export function mdBlock(text: string, info = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}
