import { describe, expect, it } from 'vitest';
import { waitingFor } from './progress';

describe('the time left while a check waits', () => {
  it('says nothing in the first second, then the whole seconds left and how far the wait is', () => {
    expect(waitingFor(10_000, 5000, 10_500)).toBeNull();
    expect(waitingFor(10_000, 5000, 11_200)).toEqual({ fraction: 0.24, text: 'up to 4 s left' });
    expect(waitingFor(10_000, 5000, 14_100)).toEqual({ fraction: 0.82, text: 'up to 1 s left' });
  });

  it('says "finishing" past the timeout, and nothing without a start or a timeout', () => {
    expect(waitingFor(0, 2000, 2500)).toEqual({ fraction: 1.25, text: 'finishing' });
    expect(waitingFor(undefined, 2000, 2500)).toBeNull();
    expect(waitingFor(0, 0, 2500)).toBeNull();
  });
});
