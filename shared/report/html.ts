/**
 * The report as one self-contained HTML file: inline CSS (light, dark, print), no scripts, no
 * external resources (a Content-Security-Policy says so too), every value escaped.
 */
import type { FixOutcome } from '../contract';
import type { CheckResult, Diagnosis, Finding, FixSuggestion } from '../model';
import { escapeHtml as h } from './escape';
import { ROW_STAGES, STAGE_PLAIN_LABEL, type StageRow } from '../catalog/stages';
import { FIX_STATUS_LABEL, INVASIVENESS_LABEL, SEVERITY_LABEL, WHERE_LABEL, recognizedLine, reportView, seconds, verificationText, type ConnectionRows, type RedactionOptions, type ReportView } from './view';

const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --error: #b42318; --error-bg: #fdecea; --warn: #8a5a00; --warn-bg: #fff4d6; --ok: #1a7f37; --ok-bg: #e6f4ea; --info: #0b5cad; --info-bg: #e8f1fb; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1317; --fg: #e6edf3; --muted: #9aa7b4; --line: #30363d; --panel: #161b22;
    --error: #ff8a80; --error-bg: #3b1715; --warn: #f5c451; --warn-bg: #3a2e0b; --ok: #6fdd8b; --ok-bg: #0f2d1a; --info: #79b8ff; --info-bg: #0d2340; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 "Segoe UI", system-ui, -apple-system, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; } h4 { font-size: 1rem; margin: 1rem 0 .25rem; } h5 { font-size: .95rem; margin: 0 0 .25rem; }
.muted, .meta { color: var(--muted); }
.verdict { padding: .75rem 1rem; border-radius: .5rem; font-weight: 600; margin: 1rem 0 .5rem; }
.verdict.problems { background: var(--error-bg); color: var(--error); } .verdict.risks { background: var(--warn-bg); color: var(--warn); }
.verdict.healthy { background: var(--ok-bg); color: var(--ok); } .verdict.incomplete { background: var(--panel); color: var(--muted); }
.badge { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: .1rem .45rem; border-radius: .25rem; margin-right: .4rem; vertical-align: .1em; }
.b-error, .b-fail { background: var(--error-bg); color: var(--error); } .b-warning, .b-warn { background: var(--warn-bg); color: var(--warn); }
.b-info { background: var(--info-bg); color: var(--info); } .b-pass, .b-applied { background: var(--ok-bg); color: var(--ok); }
.b-not-checked, .b-cancelled, .b-skipped, .b-error-status, .b-undone, .b-not-applicable, .b-failed { background: var(--panel); color: var(--muted); }
.steps { list-style: none; padding: 0; margin: 0; } .steps li { padding: .4rem 0; border-bottom: 1px solid var(--line); }
.finding { border: 1px solid var(--line); border-left: .3rem solid var(--line); border-radius: .5rem; padding: 1rem; margin: 1rem 0; background: var(--bg); }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warn); } .finding.info { border-left-color: var(--info); }
.fix { background: var(--panel); border-radius: .4rem; padding: .75rem; margin: .5rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
code, pre { font-family: "Cascadia Mono", Consolas, ui-monospace, monospace; font-size: .85rem; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: .4rem; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
td.stage.failed { background: var(--error-bg); color: var(--error); font-weight: 700; } td.stage.not-reached, td.stage.not-used { color: var(--muted); }
td.value { font-family: "Cascadia Mono", Consolas, ui-monospace, monospace; word-break: break-all; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #999999; --panel: #ffffff; }
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  .finding, .fix, pre, tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .verdict, .badge { border: 1px solid #000; }
  pre { white-space: pre-wrap; }
}
`.trim();

function evidenceTable(f: Finding): string {
  if (f.evidence.length === 0) return '';
  const rows = f.evidence.map((e) => `<tr><th scope="row">${h(e.label)}</th><td class="value">${h(e.value)}</td><td class="muted">${h(e.checkId ?? '')}</td></tr>`).join('\n');
  return `<h4>Evidence</h4>\n<table><thead><tr><th>What</th><th>Value</th><th>Check</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function fixBlock(fix: FixSuggestion, index: number): string {
  const steps = fix.steps.length > 0 ? `<ol>${fix.steps.map((s) => `<li>${h(s)}</li>`).join('')}</ol>` : '';
  const commands = fix.commands
    .map((c) => `<p class="muted">${h(c.label)} <span class="badge b-info">${h(c.shell)}</span></p><pre><code>${h(c.text)}</code></pre>`)
    .join('\n');
  return `<div class="fix">
<h5>${index + 1}. ${h(fix.title)}</h5>
<p class="meta">${h(WHERE_LABEL[fix.where])} · ${h(INVASIVENESS_LABEL[fix.invasiveness])}${fix.automatic ? ' · RDP Doctor can do this for you' : ''}</p>
<p>${h(fix.plain)}</p>
<p><strong>Risk:</strong> ${h(fix.risk)}</p>
${steps}
${commands}
</div>`;
}

function findingBlock(f: Finding, index: number): string {
  const fixes = f.fixes.length > 0 ? `<h4>What to do (repairs first, least invasive first)</h4>\n${f.fixes.map(fixBlock).join('\n')}` : '';
  return `<article class="finding ${h(f.severity)}" id="finding-${index + 1}">
<h3><span class="badge b-${h(f.severity)}">${h(SEVERITY_LABEL[f.severity])}</span>${h(f.title)}${f.address ? ` <span class="muted">(${h(f.address)})</span>` : ''}</h3>
<p>${h(f.plain)}</p>
<h4>For IT</h4>
<p>${h(f.detail)}</p>
<p class="muted"><code>${h(f.id)}</code> · step ${h(f.step)}</p>
${evidenceTable(f)}
${fixes}
</article>`;
}

function fixedSection(fixed: FixOutcome[]): string {
  if (fixed.length === 0) return '';
  const rows = fixed
    .map((o) => {
      const verified = verificationText(o);
      return `<tr><td><code>${h(o.fixId)}</code></td><td><span class="badge b-${h(o.status)}">${h(FIX_STATUS_LABEL[o.status])}</span></td><td>${h(o.message)}</td><td>${h(verified)}</td></tr>`;
    })
    .join('\n');
  return `<section id="fixed"><h2>What was fixed</h2>
<table><thead><tr><th>Fix</th><th>Result</th><th>Message</th><th>Verification</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

const STAGE_MARK = { ok: '✓', failed: '✗ cut here', 'not-reached': '·', 'not-used': '–' } as const;

function stageCells(r: StageRow): string {
  return r.cells.map((c) => `<td class="stage ${c.state}">${h(STAGE_MARK[c.state])}</td>`).join('');
}

/** Each connection attempt as a row of stages, the stage it was cut at marked; plain words below, bytes and ms for IT. */
function connectionsSection(list: ConnectionRows[]): string {
  return list
    .map((c) => {
      const heads = ROW_STAGES.map((stage, i) => `<th>${h(STAGE_PLAIN_LABEL[stage])}<br><span class="muted">${h(i === 3 ? (c.rows.map((r) => r.cells[3]!.label).find((l) => l !== 'after TLS') ?? 'after TLS') : c.rows[0]!.cells[i]!.label)}</span></th>`).join('');
      const rows = c.rows.map((r) => `<tr><td>${r.n}</td>${stageCells(r)}<td class="value">${h(r.detail)}</td></tr>`).join('\n');
      const words = c.ended.length === 0 ? '<p>Every attempt got through every stage.</p>' : `<ul>${c.ended.map((e) => `<li><strong>${e.count} of ${c.rows.length} ended at “${h(STAGE_PLAIN_LABEL[e.stage])}”.</strong> ${h(e.plain)}</li>`).join('')}</ul>`;
      return `<section class="connections"><h2>Where each connection to ${h(c.address)} ended</h2>
<table><thead><tr><th>#</th>${heads}<th>For IT</th></tr></thead><tbody>
${rows}
</tbody></table>
${words}</section>`;
    })
    .join('\n');
}

function checkRow(c: CheckResult): string {
  const status = c.status === 'error' ? 'error-status' : c.status;
  return `<tr><td><code>${h(c.id)}</code></td><td>${h(c.step)}</td><td><span class="badge b-${h(status)}">${h(c.status)}</span></td><td>${h(c.address ?? '')}</td><td>${h(seconds(c.durationMs))}</td><td>${h(c.summary)}${c.reason && c.reason !== c.summary ? `<br><span class="muted">${h(c.reason)}</span>` : ''}</td></tr>`;
}

export function renderHtmlView(v: ReportView): string {
  const error = v.errorText
    ? `<section id="error"><h2>The error you saw</h2><pre>${h(v.errorText)}</pre>${v.recognized ? `<p>${h(recognizedLine(v.recognized))}</p>` : '<p class="muted">RDP Doctor did not recognise a known error code in this text.</p>'}</section>`
    : '';
  const steps = v.steps
    .map((s) => `<li><span class="badge b-${h(s.verdict)}">${h(s.verdictLabel)}</span><strong>${h(s.label)}</strong>: ${h(s.headline)}</li>`)
    .join('\n');
  const skips =
    v.skips.length > 0
      ? `<section id="skips"><h2>Skipped steps</h2>\n<ul class="skips">\n${v.skips.map((k) => `<li>Skipped by you: <strong>${h(k.label)}</strong> — ${h(k.reason)}</li>`).join('\n')}\n</ul></section>`
      : '';
  const findings = v.findings.length > 0 ? v.findings.map(findingBlock).join('\n') : '<p>No findings.</p>';
  const title = `RDP Doctor report: ${v.target}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="RDP Doctor ${h(v.meta.appVersion)}">
<title>${h(title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<main>
<header>
<h1>RDP Doctor report</h1>
<p><strong>${h(v.target)}</strong>${v.input && v.input !== v.target ? ` <span class="muted">(typed: ${h(v.input)})</span>` : ''}</p>
<p class="meta">Checked ${h(v.checkedAt)} · ${h(seconds(v.meta.durationMs))} · RDP Doctor ${h(v.meta.appVersion)} on ${h(v.meta.platform)}</p>
<p class="verdict ${h(v.overall)}">${h(v.overallText)}</p>
<p class="meta">${h(v.countsText)}</p>
</header>
${error}
<section id="steps"><h2>Steps</h2>
<ol class="steps">
${steps}
</ol></section>
${skips}
<section id="findings"><h2>Findings</h2>
${findings}
</section>
${fixedSection(v.fixed)}
${connectionsSection(v.connections)}
<section id="checks"><h2>All checks</h2>
<table><thead><tr><th>Check</th><th>Step</th><th>Status</th><th>Address</th><th>Time</th><th>What it saw</th></tr></thead><tbody>
${v.checks.map(checkRow).join('\n')}
</tbody></table></section>
<footer>
<p>Diagnosis ${h(v.meta.id)}.${v.meta.redacted ? ` ${h(v.meta.redactionNote)}` : ''}</p>
</footer>
</main>
</body>
</html>
`;
}

export function renderHtml(diagnosis: Diagnosis, fixed: readonly FixOutcome[] = [], options: RedactionOptions = {}): string {
  return renderHtmlView(reportView(diagnosis, fixed, options));
}
