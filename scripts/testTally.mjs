// The counts behind `npm test`'s closing line "N passed, N failed". Tests count one each; a step that
// is not a test run (build, typecheck, lint, a scan) counts as one failed when it fails, so the line
// can never say "0 failed" while a step failed; a test step that failed without any failed test in its
// report (it crashed, or reported an error outside a test) counts as one failed too.

/** @returns {import('./testTally.d.mts').Tally} */
export function createTally() {
  const state = { passed: 0, failed: 0, skipped: 0, failedSteps: [], skippedSteps: [] };
  return {
    /** A step that is not a test run: one failed when it failed. */
    step(name, ok) {
      if (!ok) {
        state.failed += 1;
        state.failedSteps.push(name);
      }
    },
    /** A step skipped with its reason (a tool this machine lacks): counted as one skipped. */
    skip(name, reason) {
      state.skipped += 1;
      state.skippedSteps.push(`${name} (${reason})`);
    },
    /** A test run: its report's counts (null: no report was written), and whether the step exited 0. */
    tests(name, ok, counts) {
      if (counts === null) {
        state.failed += 1;
        state.failedSteps.push(`${name} (no report)`);
        return;
      }
      state.passed += counts.passed;
      state.failed += counts.failed;
      state.skipped += counts.skipped;
      if (!ok) {
        state.failedSteps.push(name);
        if (counts.failed === 0) state.failed += 1;
      }
    },
    counts() {
      return { passed: state.passed, failed: state.failed, skipped: state.skipped };
    },
    /** The lines that close the run; the last one is "N passed, N failed". */
    closing() {
      const steps = `Steps that failed: ${state.failedSteps.length ? state.failedSteps.join(', ') : 'none'}`;
      const skippedText = state.skipped ? ` (${state.skipped} skipped${state.skippedSteps.length ? `; steps skipped: ${state.skippedSteps.join(', ')}` : ''}, each with its reason above)` : '';
      return [`${steps}${skippedText}`, `${state.passed} passed, ${state.failed} failed`];
    },
    ok() {
      return state.failed === 0 && state.failedSteps.length === 0;
    },
  };
}
