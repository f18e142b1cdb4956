/**
 * Consent binding: a preview carries a token computed from exactly what was shown (the fix, its
 * parameters, its changes and commands). Applying requires that token back, recomputed from a fresh
 * preview, so a fix never runs with parameters or effects the user did not see.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class PreviewTokens {
  private readonly secret = randomBytes(32);

  issue(subject: unknown): string {
    return createHmac('sha256', this.secret).update(JSON.stringify(subject)).digest('base64url');
  }

  verify(subject: unknown, token: string): boolean {
    const expected = Buffer.from(this.issue(subject));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
