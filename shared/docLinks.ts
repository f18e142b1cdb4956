/**
 * The documentation links the app shows: the one list of web addresses the desktop app will open in
 * the system browser. A link the renderer opens (window.open, target=_blank) that is not on this
 * list is denied, so a compromised or injected page cannot send the user anywhere else.
 *
 * The app shows no documentation links today (every explanation is written into the app, which must
 * work offline): the list is empty and every external open is denied. A screen that shows a link
 * takes it from here, and only from here.
 */
export const DOCUMENTATION_LINKS: readonly string[] = [];

/** Whether `raw` is, character for character, one of `links` (which are all https addresses). */
export function isDocumentationLink(raw: string, links: readonly string[] = DOCUMENTATION_LINKS): boolean {
  return typeof raw === 'string' && /^https:\/\//.test(raw) && links.includes(raw);
}
