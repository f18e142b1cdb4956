import { describe, expect, it } from 'vitest';
import { createTally } from './testTally.mjs';

describe('createTally', () => {
  it('counts a failed lint as failed even when every test passed (CI said "934 passed, 0 failed" with lint failing)', () => {
    const t = createTally();
    t.step('build', true);
    t.step('lint', false);
    t.tests('unit and integration tests', true, { passed: 934, failed: 0, skipped: 0 });
    expect(t.closing()).toEqual(['Steps that failed: lint', '934 passed, 1 failed']);
    expect(t.ok()).toBe(false);
  });

  it('adds the counts of every test run, and is ok when nothing failed', () => {
    const t = createTally();
    t.step('build', true);
    t.tests('vitest', true, { passed: 10, failed: 0, skipped: 1 });
    t.tests('PowerShell tests (Pester)', true, { passed: 5, failed: 0, skipped: 2 });
    expect(t.counts()).toEqual({ passed: 15, failed: 0, skipped: 3 });
    expect(t.closing()[1]).toBe('15 passed, 0 failed');
    expect(t.ok()).toBe(true);
  });

  it('counts failed tests once, not again for the step that reported them', () => {
    const t = createTally();
    t.tests('PowerShell tests (Pester)', false, { passed: 24, failed: 6, skipped: 0 });
    expect(t.closing()).toEqual(['Steps that failed: PowerShell tests (Pester)', '24 passed, 6 failed']);
  });

  it('counts a test step that failed with no failed test (a crash, an error outside a test) as one failed', () => {
    const t = createTally();
    t.tests('vitest', false, { passed: 3, failed: 0, skipped: 0 });
    expect(t.counts().failed).toBe(1);
  });

  it('counts a test step that wrote no report as one failed', () => {
    const t = createTally();
    t.tests('end-to-end tests', false, null);
    expect(t.closing()).toEqual(['Steps that failed: end-to-end tests (no report)', '0 passed, 1 failed']);
  });

  it('names a skipped step and its reason, and a skip alone is not a failure', () => {
    const t = createTally();
    t.skip('PowerShell tests (Pester)', 'pwsh not found');
    expect(t.closing()[0]).toBe('Steps that failed: none (1 skipped; steps skipped: PowerShell tests (Pester) (pwsh not found), each with its reason above)');
    expect(t.ok()).toBe(true);
  });
});
