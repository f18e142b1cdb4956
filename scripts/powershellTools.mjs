// Where the PowerShell tests' tools live, and how their summary reads. The tools folder is
// RDPDOCTOR_TOOLS when set; otherwise $HOME/.cache/rdp-doctor-tools (where scripts/install-powershell.sh
// puts them), then /opt/rdpdoctor-tools. Inside it: pwsh/pwsh (`dotnet tool install --tool-path`) and
// nuget/pester/<version>/tools/Pester.psd1 (`dotnet restore --packages`). RDPDOCTOR_PWSH names a pwsh
// directly. The versions come from scripts/powershell-tools.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @returns {{ powershell: string, pester: string }} */
export function toolVersions() {
  const json = JSON.parse(readFileSync(path.join(here, 'powershell-tools.json'), 'utf8'));
  return { powershell: json.powershell, pester: json.pester };
}

/** The folders searched for the tools, first match wins. */
export function toolsDirs(env, home) {
  if (env.RDPDOCTOR_TOOLS) return [env.RDPDOCTOR_TOOLS];
  return [path.join(home, '.cache', 'rdp-doctor-tools'), '/opt/rdpdoctor-tools'];
}

/**
 * Finds pwsh and Pester. Returns { pwsh, pester, dir } or { reason } naming what is missing.
 * `exists` is injectable for the tests; `platform` picks pwsh.exe on Windows.
 */
export function findPowerShellTools({ env, home, exists = existsSync, platform = process.platform, versions = toolVersions() }) {
  const pwshName = platform === 'win32' ? 'pwsh.exe' : 'pwsh';
  const dirs = toolsDirs(env, home);
  for (const dir of dirs) {
    const pwsh = env.RDPDOCTOR_PWSH || path.join(dir, 'pwsh', pwshName);
    const pester = path.join(dir, 'nuget', 'pester', versions.pester, 'tools', 'Pester.psd1');
    if (exists(pwsh) && exists(pester)) return { pwsh, pester, dir };
  }
  return {
    reason: `PowerShell ${versions.powershell} and Pester ${versions.pester} not found in ${dirs.join(' or ')} (install them with scripts/install-powershell.sh, or set RDPDOCTOR_TOOLS)`,
  };
}

const count = (value) => (Number.isInteger(value) && value >= 0 ? value : 0);

/**
 * The counts from Invoke-RdPester.ps1's JSON summary. A block or file that failed (BeforeAll threw, the
 * file does not parse) counts as failed: its tests never ran. Tests filtered out by tag (the Windows-only
 * ones on Linux) count as skipped. Returns null when the text is not such a summary.
 */
export function pesterCounts(text) {
  let json;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || !Number.isInteger(json.passed) || !Number.isInteger(json.failed)) return null;
  return {
    passed: count(json.passed),
    failed: count(json.failed) + count(json.failedBlocks) + count(json.failedContainers),
    skipped: count(json.skipped) + count(json.notRun),
  };
}

/** Whether this run must have the tools (CI): then a missing pwsh fails the step instead of skipping it. */
export function powershellRequired(env) {
  return Boolean(env.RDPDOCTOR_REQUIRE_POWERSHELL && env.RDPDOCTOR_REQUIRE_POWERSHELL !== '0') || Boolean(env.CI && env.CI !== 'false' && env.CI !== '0');
}
