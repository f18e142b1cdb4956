import { describe, expect, it } from 'vitest';
import type { X224Reply } from '../../../shared/checks/net';
import { CUT_RETRIES, cutBeforeAnswer, retryWhenCut } from './retry';

type Kind = X224Reply['kind'];

describe('retryWhenCut', () => {
  it('tries again only while the result is cut, at most CUT_RETRIES more times, keeping the cut ones', async () => {
    const script: Kind[] = ['reset', 'closed', 'confirm'];
    let calls = 0;
    const out = await retryWhenCut(async () => ({ kind: script[calls++]! }), cutBeforeAnswer);
    expect(out).toEqual({ result: { kind: 'confirm' }, earlier: [{ kind: 'reset' }, { kind: 'closed' }] });
    let always = 0;
    const bounded = await retryWhenCut(async () => ({ kind: 'reset' as Kind, n: always++ }), cutBeforeAnswer);
    expect(always).toBe(1 + CUT_RETRIES);
    expect(bounded.earlier).toHaveLength(CUT_RETRIES);
  });

  it('a timeout, a refusal or an answer is not retried; a cancel stops the retries', async () => {
    for (const kind of ['timeout', 'connect-failed', 'failure', 'not-rdp'] as Kind[]) {
      let calls = 0;
      await retryWhenCut(async () => ({ kind: (calls++, kind) }), cutBeforeAnswer);
      expect(calls, kind).toBe(1);
    }
    const controller = new AbortController();
    let calls = 0;
    await retryWhenCut(async () => (calls++, controller.abort(), { kind: 'reset' as Kind }), cutBeforeAnswer, { signal: controller.signal });
    expect(calls).toBe(1);
    let n = 0;
    await retryWhenCut(async () => (n++, { kind: 'reset' as Kind }), cutBeforeAnswer, { retries: 99 });
    expect(n).toBe(6);
  });
});
