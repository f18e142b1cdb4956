import type { TestCounts } from './testTally.mjs';
export function toolVersions(): { powershell: string; pester: string };
export function toolsDirs(env: Record<string, string | undefined>, home: string): string[];
export function findPowerShellTools(options: {
  env: Record<string, string | undefined>;
  home: string;
  exists?: (file: string) => boolean;
  platform?: string;
  versions?: { powershell: string; pester: string };
}): { pwsh: string; pester: string; dir: string } | { reason: string };
export function pesterCounts(text: string): TestCounts | null;
export function powershellRequired(env: Record<string, string | undefined>): boolean;
