export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}
export interface Tally {
  step(name: string, ok: boolean): void;
  skip(name: string, reason: string): void;
  tests(name: string, ok: boolean, counts: TestCounts | null): void;
  counts(): TestCounts;
  closing(): [string, string];
  ok(): boolean;
}
export function createTally(): Tally;
