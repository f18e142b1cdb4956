// Benchmarks for RDP Doctor (run through `npm run bench`, i.e. scripts/bench.mjs).
// Prints figures plus "goal met"/"goal missed"; never asserts. All traffic stays on 127.0.0.1.
//
//  1. full `diagnose` of one healthy xrdp (valid-cert) vs `sslscan --rdp`, median of N runs each,
//     interleaved; also with --steps reachability,certificate,security. Per-check durationMs medians.
//  2. `diagnose --timeout 2000` of a filtered port (iptables DROP on lo; needs root).
//  3. `scan` at scale: 500, 2,000 and 10,000 loopback targets (healthy, closed, filtered, silent) at
//     --concurrency 100 and 500 under /usr/bin/time -v: wall time and peak RSS, as a table.
//  4. `diagnose` of a slow server (fault slow-confirm: 2.5 s before the X.224 confirm), default
//     options: wall time against the goal of about 4x the server's own handshake (under 12 s).
//
// Env: BENCH_RUNS (default 9), BENCH_SCAN_TARGETS (one size instead of 500, 2000, 10000),
// BENCH_SCAN_CONCURRENCY (default 100,500), BENCH_ONLY=1,2,3,4 (subset).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort, filteredPort, startFault, startXrdp, stopAll } from '../../e2e/servers/index';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(root, 'bin', 'rdp-doctor.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ONLY = new Set((process.env.BENCH_ONLY ?? '1,2,3,4').split(',').map((s) => s.trim()));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdp-doctor-bench-'));
const childEnv = { ...process.env, RDP_DOCTOR_DATA_DIR: dataDir, NO_COLOR: '1' };

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Asynchronous spawn (the in-process fault servers need our event loop to keep running). */
function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: performance.now() - t0 });
    });
  });
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmtMs = (ms: number): string => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : 'n/a');
const goal = (ok: boolean): string => (ok ? 'goal met' : 'goal missed');

interface Row {
  bench: string;
  figure: string;
  goal: string;
  verdict: string;
}
const table: Row[] = [];
const log = (s = ''): void => void process.stdout.write(`${s}\n`);

interface DiagnoseJson {
  checks?: { id: string; step: string; status: string; durationMs?: number }[];
  findings?: { id: string; severity: string }[];
  durationMs?: number;
}
function parseJson(text: string): DiagnoseJson | null {
  try {
    return JSON.parse(text) as DiagnoseJson;
  } catch {
    return null;
  }
}

/** Prints per-check median durationMs over several diagnose JSON outputs. */
function printChecks(label: string, docs: DiagnoseJson[]): void {
  const by = new Map<string, { step: string; status: Set<string>; ms: number[] }>();
  for (const d of docs) {
    for (const c of d.checks ?? []) {
      const e = by.get(c.id) ?? { step: c.step, status: new Set<string>(), ms: [] };
      e.status.add(c.status);
      if (typeof c.durationMs === 'number') e.ms.push(c.durationMs);
      by.set(c.id, e);
    }
  }
  if (by.size === 0) return;
  const internal = docs.map((d) => d.durationMs).filter((x): x is number => typeof x === 'number');
  log(`   per-check durationMs (median of ${docs.length}) for ${label}${internal.length ? `; engine durationMs median ${fmtMs(median(internal))}` : ''}:`);
  const rows = [...by.entries()].sort((a, b) => median(b[1].ms) - median(a[1].ms));
  for (const [id, e] of rows) {
    log(`     ${e.step.padEnd(14)} ${id.padEnd(34)} ${fmtMs(median(e.ms)).padStart(9)}  [${e.ms.map((x) => Math.round(x)).join(', ')}]  ${[...e.status].join('/')}`);
  }
}

// ---- 1. diagnose vs sslscan ------------------------------------------------------------------

async function benchDiagnose(): Promise<void> {
  log('== 1. diagnose of a healthy xrdp (valid-cert) vs sslscan --rdp ==');
  const server = await startXrdp('valid-cert');
  const target = `127.0.0.1:${server.port}`;
  log(`   xrdp on ${target}; ${RUNS} runs each, interleaved (doctor full, doctor 3 steps, doctor --attempts 1 [informative], sslscan), plus one discarded warm-up each`);
  const variants = {
    full: ['diagnose', target, '--json'],
    steps: ['diagnose', target, '--json', '--steps', 'reachability,certificate,security'],
    attempts1: ['diagnose', target, '--json', '--attempts', '1'],
  } as const;
  type V = keyof typeof variants;
  const labels: Record<V, string> = { full: 'diagnose (all steps)', steps: 'diagnose --steps r,c,s', attempts1: 'diagnose --attempts 1' };
  const ms: Record<V | 'sslscan', number[]> = { full: [], steps: [], attempts1: [], sslscan: [] };
  const docs: Record<V, DiagnoseJson[]> = { full: [], steps: [], attempts1: [] };
  const sslscanArgs = ['--rdp', target];
  // warm-up (page cache, certificate cache of the harness, ...)
  await run(process.execPath, [CLI, ...variants.full]);
  await run('sslscan', sslscanArgs);
  for (let i = 0; i < RUNS; i++) {
    for (const v of Object.keys(variants) as V[]) {
      const r = await run(process.execPath, [CLI, ...variants[v]]);
      const doc = parseJson(r.stdout);
      if (!doc) log(`   ! diagnose (${v}) run ${i + 1}: exit ${r.code}, no JSON; stderr: ${r.stderr.trim().slice(0, 300)}`);
      else docs[v].push(doc);
      ms[v].push(r.ms);
    }
    const s = await run('sslscan', sslscanArgs);
    if (s.code !== 0) log(`   ! sslscan run ${i + 1}: exit ${s.code}; ${s.stderr.trim().slice(0, 200)}`);
    ms.sslscan.push(s.ms);
  }
  const sslMed = median(ms.sslscan);
  log(`   sslscan --rdp           median ${fmtMs(sslMed)}  runs [${ms.sslscan.map((x) => Math.round(x)).join(', ')}]`);
  for (const v of Object.keys(variants) as V[]) {
    const med = median(ms[v]);
    const ratio = sslMed / med;
    const label = labels[v];
    log(
      `   ${label.padEnd(23)} median ${fmtMs(med)}  runs [${ms[v].map((x) => Math.round(x)).join(', ')}]  sslscan/doctor = ${ratio.toFixed(2)}x  -> ${goal(ratio >= 3)} (goal >= 3x)`,
    );
    table.push({ bench: label, figure: `${fmtMs(med)} vs sslscan ${fmtMs(sslMed)} = ${ratio.toFixed(2)}x`, goal: '>= 3x faster', verdict: goal(ratio >= 3) });
  }
  printChecks('diagnose (all steps)', docs.full);
  printChecks('diagnose --steps r,c,s', docs.steps);
  // Where the stability time goes: handshake time vs the fixed pause between attempts.
  const stab = docs.full.map((d) => (d.checks ?? []).find((c) => c.id === 'stability') as { durationMs?: number; data?: { attempts?: { durationMs: number }[] } } | undefined);
  const hs = stab.map((c) => (c?.data?.attempts ?? []).reduce((a, x) => a + x.durationMs, 0));
  const n = stab[0]?.data?.attempts?.length ?? 0;
  if (n) {
    log(`   stability: ${n} attempts, sum of handshake durationMs median ${fmtMs(median(hs))}; the rest of the check (${fmtMs(median(stab.map((c) => c?.durationMs ?? NaN)) - median(hs))}) is the time between attempts`);
  }
  const internal = docs.full.map((d) => d.durationMs).filter((x): x is number => typeof x === 'number');
  log(`   process overhead (wall - engine durationMs, full): median ${fmtMs(median(ms.full) - median(internal))}`);
  await server.stop();
}

// ---- 2. filtered port -------------------------------------------------------------------------

async function benchFiltered(): Promise<void> {
  log('== 2. diagnose of a filtered port with --timeout 2000 ==');
  const fp = await filteredPort();
  if ('skipped' in fp) {
    log(`   skipped: ${fp.skipped}`);
    table.push({ bench: 'diagnose filtered --timeout 2000', figure: `skipped (${fp.skipped})`, goal: '< 3 s', verdict: 'n/a' });
    return;
  }
  try {
    const target = `127.0.0.1:${fp.port}`;
    const times: number[] = [];
    const docs: DiagnoseJson[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await run(process.execPath, [CLI, 'diagnose', target, '--json', '--timeout', '2000']);
      times.push(r.ms);
      const doc = parseJson(r.stdout);
      if (doc) docs.push(doc);
      else log(`   ! run ${i + 1}: exit ${r.code}, no JSON; ${r.stderr.trim().slice(0, 300)}`);
    }
    const med = median(times);
    log(`   ${target} (iptables DROP): median wall ${fmtMs(med)}  runs [${times.map((x) => Math.round(x)).join(', ')}]  -> ${goal(med < 3000)} (goal < 3 s)`);
    if (docs[0]) log(`   findings: ${(docs[0].findings ?? []).map((f) => `${f.id}(${f.severity})`).join(', ')}`);
    printChecks('filtered', docs);
    table.push({ bench: 'diagnose filtered --timeout 2000', figure: `${fmtMs(med)} (median of 3)`, goal: '< 3 s', verdict: goal(med < 3000) });
  } finally {
    await fp.remove();
  }
}

// ---- 3. scan ------------------------------------------------------------------------------------

/** Targets x concurrency for the scan table (BENCH_SCAN_TARGETS: one size only, at --concurrency 100 and 500). */
const SCAN_SIZES = process.env.BENCH_SCAN_TARGETS ? [Number(process.env.BENCH_SCAN_TARGETS)] : [500, 2000, 10_000];
const SCAN_CONCURRENCY = (process.env.BENCH_SCAN_CONCURRENCY ?? '100,500').split(',').map(Number);

interface ScanFigures {
  wallMs: number;
  rssMb: number;
  /** CPU seconds of the scanning process (user + system), when /usr/bin/time measured them. */
  cpuS: number;
  lines: number;
  code: number | null;
  verdicts: Map<string, Map<string, number>>;
}

/** One `scan` under /usr/bin/time -v (or a /proc poll): wall time and peak RSS of the scanning process. */
async function scanOnce(file: string, concurrency: number, kindOf: (input: string) => string, timeoutMs: number): Promise<ScanFigures> {
  const scanArgs = [CLI, 'scan', file, '--concurrency', String(concurrency), '--json', '--timeout', '2000'];
  let r: RunResult;
  let rssKb = NaN;
  let cpuS = NaN;
  if (fs.existsSync('/usr/bin/time')) {
    r = await run('/usr/bin/time', ['-v', process.execPath, ...scanArgs], timeoutMs);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (m) rssKb = Number(m[1]);
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
    if (user && sys) cpuS = Number(user[1]) + Number(sys[1]);
  } else {
    const t0 = performance.now();
    const child = spawn(process.execPath, scanArgs, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const st = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const v = /VmHWM:\s+(\d+)/.exec(st) ?? /VmRSS:\s+(\d+)/.exec(st);
        if (v) peak = Math.max(peak, Number(v[1]));
      } catch {
        /* exited */
      }
    }, 50);
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    clearInterval(poll);
    rssKb = peak;
    r = { code, signal: null, stdout: Buffer.concat(out).toString(), stderr: '', ms: performance.now() - t0 };
  }
  const verdicts = new Map<string, Map<string, number>>();
  let lines = 0;
  for (const line of r.stdout.split('\n')) {
    const row = line ? (parseJson(line) as { input: string; verdict: string; errors?: string[] } | null) : null;
    if (!row) continue;
    lines++;
    const k = kindOf(row.input);
    const m = verdicts.get(k) ?? new Map<string, number>();
    const key = `${row.verdict}${row.errors?.length ? `:${row.errors.join('+')}` : ''}`;
    m.set(key, (m.get(key) ?? 0) + 1);
    verdicts.set(k, m);
  }
  return { wallMs: r.ms, rssMb: rssKb / 1024, cpuS, lines, code: r.code, verdicts };
}

async function benchScan(): Promise<void> {
  log(`== 3. scan at scale: ${SCAN_SIZES.join(', ')} loopback targets at --concurrency ${SCAN_CONCURRENCY.join(' and ')}, --timeout 2000 ==`);
  const healthy = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => startFault('tls-ok', { maxConnectionMs: 10_000 })));
  const silent = await Promise.all([0, 1, 2, 3].map(() => startFault('accept-then-silence', { maxConnectionMs: 10_000 })));
  const closed: number[] = [];
  for (let i = 0; i < 10; i++) closed.push(await closedPort());
  const fp = await filteredPort();
  const filtered = 'skipped' in fp ? null : fp;
  if (!filtered) log(`   filtered port unavailable (${(fp as { skipped: string }).skipped}): its share goes to closed ports`);
  // The mix: 40 % healthy, 20 % closed, 20 % filtered (iptables DROP on a loopback port), 20 % silent.
  const kindOfPort = new Map<number, string>();
  for (const s of healthy) kindOfPort.set(s.port, 'healthy');
  for (const s of silent) kindOfPort.set(s.port, 'silent');
  for (const p of closed) kindOfPort.set(p, 'closed');
  if (filtered) kindOfPort.set(filtered.port, 'filtered');
  const kindOf = (input: string): string => kindOfPort.get(Number(input.split(':').at(-1))) ?? '?';
  const targetAt = (i: number): string => {
    const slot = i % 10;
    // Spread over 127.0.0.0/8 too: many loopback addresses, not one.
    const host = `127.0.${(i >> 8) & 255}.${(i & 255) || 1}`;
    if (slot < 4) return `127.0.0.1:${healthy[i % healthy.length]!.port}`;
    if (slot < 6 || (slot < 8 && !filtered)) return `${host}:${closed[i % closed.length]}`;
    if (slot < 8) return `127.0.0.1:${filtered!.port}`;
    return `127.0.0.1:${silent[i % silent.length]!.port}`;
  };
  const rows: Array<{ targets: number; concurrency: number; f: ScanFigures }> = [];
  try {
    for (const size of SCAN_SIZES) {
      const file = path.join(dataDir, `targets-${size}.txt`);
      fs.writeFileSync(file, `${Array.from({ length: size }, (_, i) => targetAt(i)).join('\n')}\n`);
      for (const concurrency of SCAN_CONCURRENCY) {
        const f = await scanOnce(file, concurrency, kindOf, 600_000);
        rows.push({ targets: size, concurrency, f });
        log(`   ${String(size).padStart(6)} targets, c=${String(concurrency).padEnd(3)}: wall ${fmtMs(f.wallMs)}, peak RSS ${f.rssMb.toFixed(1)} MB, CPU ${f.cpuS.toFixed(1)} s, ${f.lines}/${size} result lines, exit ${f.code}`);
        for (const [k, m] of f.verdicts) log(`        ${k.padEnd(9)} ${[...m].map(([v, n]) => `${n}x ${v}`).join('; ')}`);
      }
    }
  } finally {
    for (const s of [...healthy, ...silent]) await s.stop();
    if (filtered) await filtered.remove();
  }
  log('   targets | concurrency | wall      | ms/target | peak RSS');
  for (const { targets, concurrency, f } of rows) {
    log(`   ${String(targets).padStart(7)} | ${String(concurrency).padStart(11)} | ${fmtMs(f.wallMs).padStart(9)} | ${(f.wallMs / targets).toFixed(2).padStart(9)} | ${f.rssMb.toFixed(1)} MB`);
    const big = targets >= 10_000;
    table.push({
      bench: `scan ${targets} targets c=${concurrency}`,
      figure: `${fmtMs(f.wallMs)}, ${f.rssMb.toFixed(1)} MB`,
      goal: big ? '< 120 s, < 250 MB' : 'linear, flat',
      verdict: big ? goal(f.wallMs < 120_000 && f.rssMb < 250) : 'measured',
    });
  }
}

// ---- 4. slow server ----------------------------------------------------------------------------

const SLOW_CONFIRM_MS = 2500;

async function benchSlowServer(): Promise<void> {
  log(`== 4. diagnose of a slow server (X.224 confirm after ${SLOW_CONFIRM_MS} ms), default options ==`);
  const server = await startFault('slow-confirm', { delayMs: SLOW_CONFIRM_MS });
  try {
    const target = `127.0.0.1:${server.port}`;
    const times: number[] = [];
    const docs: DiagnoseJson[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await run(process.execPath, [CLI, 'diagnose', target, '--json']);
      times.push(r.ms);
      const doc = parseJson(r.stdout);
      if (doc) docs.push(doc);
      else log(`   ! run ${i + 1}: exit ${r.code}, no JSON; ${r.stderr.trim().slice(0, 300)}`);
    }
    const med = median(times);
    const connections = server.stats().connections / Math.max(1, times.length);
    log(`   ${target}: median wall ${fmtMs(med)}  runs [${times.map((x) => Math.round(x)).join(', ')}], ${connections.toFixed(1)} connections per run -> ${goal(med < 12_000)} (goal < 12 s, about 4x the ${SLOW_CONFIRM_MS} ms handshake)`);
    if (docs[0]) log(`   findings: ${(docs[0].findings ?? []).map((f) => `${f.id}(${f.severity})`).join(', ')}`);
    printChecks('slow server', docs);
    table.push({ bench: `diagnose slow server (${SLOW_CONFIRM_MS} ms confirm)`, figure: `${fmtMs(med)} (median of 3)`, goal: '< 12 s', verdict: goal(med < 12_000) });
  } finally {
    await server.stop();
  }
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`RDP Doctor bench: node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.release()}`);
  const sections: [string, () => Promise<void>][] = [
    ['1', benchDiagnose],
    ['2', benchFiltered],
    ['3', benchScan],
    ['4', benchSlowServer],
  ];
  for (const [id, fn] of sections) {
    if (!ONLY.has(id)) continue;
    try {
      await fn();
    } catch (error) {
      log(`   ! section ${id} failed: ${(error as Error).stack ?? String(error)}`);
      table.push({ bench: `section ${id}`, figure: `failed: ${(error as Error).message.slice(0, 60)}`, goal: '', verdict: 'n/a' });
    }
    log();
  }
  log('== summary ==');
  const w = [
    Math.max(5, ...table.map((r) => r.bench.length)),
    Math.max(6, ...table.map((r) => r.figure.length)),
    Math.max(4, ...table.map((r) => r.goal.length)),
  ];
  log(`${'bench'.padEnd(w[0]!)} | ${'figure'.padEnd(w[1]!)} | ${'goal'.padEnd(w[2]!)} | result`);
  log(`${'-'.repeat(w[0]!)}-+-${'-'.repeat(w[1]!)}-+-${'-'.repeat(w[2]!)}-+-${'-'.repeat(11)}`);
  for (const r of table) log(`${r.bench.padEnd(w[0]!)} | ${r.figure.padEnd(w[1]!)} | ${r.goal.padEnd(w[2]!)} | ${r.verdict}`);
}

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await stopAll().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void cleanup().finally(() => process.exit(130));
  });
}
main()
  .catch((error: unknown) => {
    log(`bench failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
