/**
 * One truth: for every real-server scenario and fault the tests run (e2e/servers/scenarios.ts: each
 * xrdp scenario, FreeRDP shadow with NLA and with TLS, every fault injector, a filtered port where the
 * firewall can be used), the wizard is walked in Chromium and what it shows (each step's verdict in the step and in
 * the step list, each finding's id, step and severity, the summary's verdicts, findings and what is
 * left) is compared with `rdp-doctor diagnose --json` on the same target: the same findings with the
 * same severities, the same verdicts, and no step PASSED with an error in it. The screen is compared
 * with the service's own saved diagnosis of the session and with the exported JSON report too.
 *
 * Fast: the wizard runs the whole diagnosis once at the start, so a walk is five clicks; the command
 * line runs at the same time as the walk (separate processes, the servers take both). Bounded: every
 * run has the CLI's timeout and the test's own. Deterministic: faults that count connections (flaky)
 * get a fresh instance for each side, and since which of the concurrent checks meets the cut
 * connection is chance, the wizard must match one of up to six command-line runs, in one of two
 * walks (each walk's screen checked in full; a second walk only where both sides met the cut);
 * where the only difference is a handshake timed just past the slow limit on a busy machine, the
 * command line is asked again (twice at most).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { CHECK_STEPS } from '../shared/steps';
import { callServed, setRunOptions, startServe, type ServedApp } from './fixtures/serve';
import { RUN, countDiagnoseCalls, startAt } from './fixtures/wizard';
import { serverScenarios, stopAll, type ScenarioServer } from './servers/index';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Findings a busy machine can tip (a handshake measured just past the 2 s limit). */
const TIMING_FINDINGS = ['slow-handshake'];
/** Findings of a cut connection: where both sides saw one, which check met it is chance. */
const CUT_FINDINGS = ['reset-during-handshake', 'cut-after-tls', 'intermittent-failures'];
/** A shown finding ("step:id:severity") is one of `ids`. */
const isOneOf = (finding: string, ids: readonly string[]): boolean => ids.some((id) => finding.includes(`:${id}:`));
const sawCut = (c: { findings: string[] }): boolean => c.findings.some((f) => isOneOf(f, CUT_FINDINGS));

interface Shown {
  /** step -> verdict */
  verdicts: Record<string, string>;
  /** "step:id:severity", sorted (one per finding as listed). */
  findings: string[];
}

interface CliDiagnosis {
  findings: { id: string; step: string; severity: string }[];
  verdicts: { step: string; verdict: string; causeIds?: string[] }[];
}

const key = (f: { id: string; step: string; severity: string }): string => `${f.step}:${f.id}:${f.severity}`;
const shownOf = (d: CliDiagnosis): Shown => ({
  verdicts: Object.fromEntries(d.verdicts.map((v) => [v.step, v.verdict])),
  findings: d.findings.map(key).sort(),
});

let app: ServedApp;
let cliData: string;

test.describe.configure({ mode: 'parallel' });

test.beforeAll(async () => {
  app = await startServe();
  // The same options for both sides: no UDP probe (informational, rate-limited), the CLI's default timeout.
  await setRunOptions(app, { udp: false });
  cliData = mkdtempSync(path.join(os.tmpdir(), 'rdp-truth-cli-'));
});

test.afterAll(async () => {
  await app?.stop();
  await stopAll();
  if (cliData) rmSync(cliData, { recursive: true, force: true });
});

/** `rdp-doctor diagnose TARGET --json --no-udp` (exit 0 or 1 both print the diagnosis). */
function diagnoseCli(target: string): Promise<CliDiagnosis> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'rdp-doctor.cjs'), 'diagnose', target, '--json', '--no-udp'],
      { env: { ...process.env, RDP_DOCTOR_DATA_DIR: cliData, NO_COLOR: '1' }, timeout: RUN, maxBuffer: 20_000_000 },
      (error, stdout, stderr) => {
        if (error && error.code !== 1) return reject(new Error(`diagnose ${target}: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout) as CliDiagnosis);
        } catch (e) {
          reject(new Error(`diagnose ${target}: not JSON (${(e as Error).message}): ${stdout.slice(0, 500)}`));
        }
      },
    );
  });
}

const attrs = (page: Page, selector: string, names: readonly string[]): Promise<string[][]> =>
  page.locator(selector).evaluateAll((els, list) => els.map((el) => list.map((n) => el.getAttribute(n) ?? '')), names as string[]);

/** Walk the wizard from the target to the summary and read what each screen shows. */
async function walk(page: Page, target: string): Promise<{ perStep: Shown; summary: Shown; stepList: Record<string, string>; diagnosisId: string; left: number; overall: string }> {
  const diagnoseCalls = countDiagnoseCalls(page);
  await startAt(page, app, target);
  const perStep: Shown = { verdicts: {}, findings: [] };
  for (const step of CHECK_STEPS) {
    const banner = page.getByTestId('step-verdict');
    await expect(banner).toHaveAttribute('data-step', step, { timeout: RUN });
    const verdict = (await banner.getAttribute('data-verdict')) ?? '';
    perStep.verdicts[step] = verdict;
    const own = await attrs(page, '[data-testid="step-findings"] [data-finding-id]', ['data-finding-id', 'data-step', 'data-severity']);
    for (const [id, shownStep, severity] of own) {
      expect(shownStep, `${id} is shown on the ${step} step`).toBe(step);
      perStep.findings.push(key({ id: id!, step: shownStep!, severity: severity! }));
    }
    const causes = await attrs(page, '[data-testid="step-causes"] [data-finding-id]', ['data-finding-id', 'data-severity']);
    // No step PASSED with an error in it, its own or one named as its cause.
    if (verdict === 'pass') {
      expect([...own.filter(([, , s]) => s !== 'info'), ...causes.filter(([, s]) => s !== 'info')], `${target}: ${step} passed with findings`).toEqual([]);
    }
    await page.getByTestId('next-button').click();
  }
  const overview = page.getByTestId('summary-overview');
  await expect(overview).toBeVisible({ timeout: RUN });
  // Run first, then walk: the whole diagnosis ran once; walking the steps ran nothing again.
  expect(diagnoseCalls(), `${target}: diagnose calls for the whole walk`).toBe(1);
  const summary: Shown = { verdicts: {}, findings: [] };
  for (const [step, verdict] of await attrs(page, '[data-testid^="summary-step-"]', ['data-testid', 'data-verdict'])) summary.verdicts[step!.replace('summary-step-', '')] = verdict!;
  summary.findings = (await attrs(page, '[data-testid="summary-findings"] [data-finding-id]', ['data-finding-id', 'data-step', 'data-severity'])).map(([id, step, severity]) => key({ id: id!, step: step!, severity: severity! })).sort();
  perStep.findings.sort();
  const stepList: Record<string, string> = {};
  for (const step of CHECK_STEPS) stepList[step] = (await page.getByTestId(`step-${step}`).getAttribute('data-verdict')) ?? '';
  return {
    perStep,
    summary,
    stepList,
    diagnosisId: (await overview.getAttribute('data-diagnosis-id')) ?? '',
    left: await page.locator('[data-left]').count(),
    overall: (await overview.getAttribute('data-overall')) ?? '',
  };
}

/** The served app's saved diagnosis of this session (what the history entry is). */
const saved = (id: string): Promise<CliDiagnosis> => callServed(app, 'getDiagnosis', { id });

/** The report the summary's "Share the result" exports (JSON), read back. */
async function exported(id: string): Promise<CliDiagnosis> {
  const report = await callServed(app, 'exportReport', { diagnosisId: id, format: 'json', redact: false });
  return JSON.parse(report.content) as CliDiagnosis;
}

/**
 * The comparison. `cliTarget` may differ from `target` only by port (a second instance of a fault
 * that counts connections); `retries` more command-line runs are allowed where chance decides, and
 * `rounds` walks: where chance decides, the wizard's one sample may be an outcome the command line
 * did not happen to produce in its runs, so the wizard walks again (every screen check holds in
 * every round; only the match with the command line may take another round).
 */
async function compare(page: Page, name: string, target: string, options: { cliTarget?: string; retries?: number; rounds?: number; oneAtATime?: boolean } = {}): Promise<void> {
  const cliTarget = options.cliTarget ?? target;
  const rounds = options.rounds ?? 1;
  for (let round = 1; round <= rounds; round++) {
    const started = Date.now();
    // Side by side unless the server is slow to take two clients at once (FreeRDP shadow).
    const [shown, firstCli] = options.oneAtATime ? [await walk(page, target), await diagnoseCli(cliTarget)] : await Promise.all([walk(page, target), diagnoseCli(cliTarget)]);
    const walkedMs = Date.now() - started;

    // The screen is the service's diagnosis of the session, step by step and in the summary.
    const own = shownOf(await saved(shown.diagnosisId));
    expect(shown.perStep, `${name}: the steps show the session's diagnosis`).toEqual(own);
    expect(shown.summary, `${name}: the summary shows the session's diagnosis`).toEqual(own);
    expect(shown.stepList, `${name}: the step list keeps each verdict`).toEqual(own.verdicts);
    expect(shownOf(await exported(shown.diagnosisId)), `${name}: the exported report lists what the screen shows`).toEqual(own);
    // "What is left" is never empty beside "problems" or "risks", and never lists anything otherwise.
    expect(shown.left > 0, `${name}: what is left (${shown.left}) vs ${shown.overall}`).toBe(shown.overall === 'problems' || shown.overall === 'risks');
    for (const [step, verdict] of Object.entries(own.verdicts)) {
      if (verdict === 'pass') expect(own.findings.filter((f) => f.startsWith(`${step}:`) && f.endsWith(':error')), `${name}: ${step} passed with an error`).toEqual([]);
    }

    // The command line on the same target says the same.
    const cliRuns = [shownOf(firstCli)];
    const same = (c: Shown): boolean => JSON.stringify(c) === JSON.stringify(own);
    // Differing only by a timing finding (and the verdict it sets): the machine was busy; ask again, twice at most.
    const onlyTiming = (c: Shown): boolean => {
      const strip = (x: Shown) => x.findings.filter((f) => !isOneOf(f, TIMING_FINDINGS));
      const other = Object.keys(own.verdicts).filter((step) => own.verdicts[step] !== c.verdicts[step]);
      return JSON.stringify(strip(c)) === JSON.stringify(strip(own)) && other.every((step) => [...c.findings, ...own.findings].some((f) => f.startsWith(`${step}:`) && isOneOf(f, TIMING_FINDINGS)));
    };
    const retries = (options.retries ?? 0) + (onlyTiming(cliRuns[0]!) && !same(cliRuns[0]!) ? 2 : 0);
    for (let i = 0; i < retries && !cliRuns.some(same); i++) cliRuns.push(shownOf(await diagnoseCli(cliTarget)));
    const match = cliRuns.find(same);
    // Another walk only where both sides met the cut: a difference without it is no chance of the fault.
    if (match === undefined && round < rounds && sawCut(own) && cliRuns.every(sawCut)) {
      const outcomes = [...new Set(cliRuns.map((c) => JSON.stringify(c)))].length;
      test.info().annotations.push({ type: 'chance', description: `${name}: round ${round}: the wizard's outcome was not among ${cliRuns.length} command-line runs (${outcomes} different outcomes); walking again` });
      continue;
    }
    expect(own, `${name}: the wizard and diagnose --json`).toEqual(match ?? cliRuns[0]!);
    test.info().annotations.push({ type: 'timing', description: `${name}: round ${round}, walk and CLI ${walkedMs} ms, ${cliRuns.length} CLI run(s)` });
    return;
  }
}

for (const scenario of serverScenarios()) {
  test(scenario.name, async ({ page }) => {
    test.skip(scenario.unavailable !== null, scenario.unavailable ?? '');
    // Two walks and up to twelve command-line runs at worst: three times the usual time.
    test.slow(scenario.countsConnections, 'a fault that counts connections may take a second walk');
    const running: ScenarioServer[] = [];
    try {
      // A server that counts connections: the command line gets its own, so neither side shifts the other's count.
      for (let i = scenario.countsConnections ? 2 : 1; i > 0; i--) {
        const server = await scenario.start();
        test.skip('skipped' in server, 'skipped' in server ? server.skipped : '');
        if ('skipped' in server) return;
        running.push(server);
      }
      const wizardSide = running[0]!;
      const cliSide = running[1] ?? wizardSide;
      // Which of the concurrent checks meets a counted cut is chance: the command line may run five
      // more times, and the wizard walk once more when none of those runs met the cut as its walk did.
      await compare(page, scenario.name, `127.0.0.1:${wizardSide.port}`, {
        cliTarget: `127.0.0.1:${cliSide.port}`,
        retries: scenario.countsConnections ? 5 : 0,
        rounds: scenario.countsConnections ? 2 : 1,
        oneAtATime: scenario.oneClientAtATime,
      });
    } finally {
      for (const server of running) await server.stop();
    }
  });
}
