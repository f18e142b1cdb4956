/**
 * The one Content Security Policy, for the Electron window (response header of the app:// scheme),
 * the loopback bridge (HTTP header) and renderer/index.html (meta). No remote origins, no inline
 * script, no eval; connect only to the page's own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
