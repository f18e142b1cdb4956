/**
 * The report as Markdown for a ticket: headings, tables and fenced commands; every value escaped
 * so nothing from a check can add formatting or raw HTML to the ticket.
 */
import type { FixOutcome } from '../contract';
import type { Diagnosis, Finding, FixSuggestion } from '../model';
import { mdBlock, mdParagraph as p, mdText as t } from './escape';
import { STAGE_PLAIN_LABEL, stageRowText } from '../catalog/stages';
import { FIX_STATUS_LABEL, INVASIVENESS_LABEL, SEVERITY_LABEL, WHERE_LABEL, recognizedLine, reportView, seconds, verificationText, type RedactionOptions, type ReportView } from './view';

const FENCE_INFO: Record<string, string> = { powershell: 'powershell', cmd: 'bat', bash: 'bash', 'rdp-file': 'ini', text: '' };

function fixSection(fix: FixSuggestion, findingIndex: number, index: number): string {
  const lines = [
    `#### ${findingIndex + 1}.${index + 1} ${t(fix.title)}`,
    '',
    `*${t(WHERE_LABEL[fix.where])} · ${t(INVASIVENESS_LABEL[fix.invasiveness])}${fix.automatic ? ' · RDP Doctor can do this for you' : ''}*`,
    '',
    p(fix.plain),
    '',
    `**Risk:** ${t(fix.risk)}`,
  ];
  if (fix.steps.length > 0) lines.push('', ...fix.steps.map((s, i) => `${i + 1}. ${t(s)}`));
  for (const c of fix.commands) lines.push('', `${p(c.label)}:`, '', mdBlock(c.text, FENCE_INFO[c.shell] ?? ''));
  return lines.join('\n');
}

function findingSection(f: Finding, index: number): string {
  const lines = [
    `### ${index + 1}. ${SEVERITY_LABEL[f.severity]}: ${t(f.title)}${f.address ? ` (${t(f.address)})` : ''}`,
    '',
    p(f.plain),
    '',
    `**For IT:** ${t(f.detail)}`,
    '',
    `Finding ${t(f.id)}, step ${t(f.step)}.`,
  ];
  if (f.evidence.length > 0) {
    lines.push('', '| What | Value | Check |', '| --- | --- | --- |');
    for (const e of f.evidence) lines.push(`| ${t(e.label)} | ${t(e.value)} | ${t(e.checkId ?? '')} |`);
  }
  if (f.fixes.length > 0) lines.push('', '**What to do** (repairs first, least invasive first):', '', f.fixes.map((fix, i) => fixSection(fix, index, i)).join('\n\n'));
  return lines.join('\n');
}

function fixedSection(fixed: FixOutcome[]): string {
  if (fixed.length === 0) return '';
  const rows = fixed.map((o) => {
    const verified = verificationText(o);
    return `| ${t(o.fixId)} | ${FIX_STATUS_LABEL[o.status]} | ${t(o.message)} | ${verified} |`;
  });
  return ['## What was fixed', '', '| Fix | Result | Message | Verification |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderMarkdownView(v: ReportView): string {
  const out: string[] = [
    `# RDP Doctor report: ${t(v.target)}`,
    '',
    `**${t(v.overallText)}**`,
    '',
    `- Checked: ${t(v.checkedAt)} (${seconds(v.meta.durationMs)}), RDP Doctor ${t(v.meta.appVersion)} on ${t(v.meta.platform)}`,
    `- Typed: ${t(v.input)}`,
    `- Findings: ${t(v.countsText)}`,
  ];
  if (v.errorText) {
    // Quoted and escaped line by line: pasted text never becomes Markdown or HTML.
    const quoted = v.errorText.split(/\r?\n/).map((line) => (line.trim() ? `> ${t(line)}` : '>'));
    out.push('', '## The error you saw', '', ...quoted, '', v.recognized ? p(recognizedLine(v.recognized)) : '*No known error code recognised in this text.*');
  }
  out.push('', '## Steps', '', '| Step | Result | Summary |', '| --- | --- | --- |');
  for (const s of v.steps) out.push(`| ${t(s.label)} | ${t(s.verdictLabel)} | ${t(s.headline)} |`);
  if (v.skips.length > 0) {
    out.push('', '## Skipped steps', '', ...v.skips.map((k) => `- Skipped by you: **${t(k.label)}** — ${t(k.reason)}`));
  }
  out.push('', '## Findings', '');
  out.push(v.findings.length > 0 ? v.findings.map(findingSection).join('\n\n') : 'No findings.');
  const fixed = fixedSection(v.fixed);
  if (fixed) out.push('', fixed);
  for (const c of v.connections) {
    out.push('', `## Where each connection to ${t(c.address)} ended`, '', '| # | Stages | For IT |', '| --- | --- | --- |');
    for (const r of c.rows) out.push(`| ${r.n} | ${t(stageRowText(r))} | ${t(r.detail)} |`);
    out.push('', c.ended.length === 0 ? 'Every attempt got through every stage.' : c.ended.map((e) => `- **${e.count} of ${c.rows.length} ended at “${t(STAGE_PLAIN_LABEL[e.stage])}”.** ${t(e.plain)}`).join('\n'));
  }
  out.push('', '## All checks', '', '| Check | Step | Status | Address | Time | What it saw |', '| --- | --- | --- | --- | --- | --- |');
  for (const c of v.checks) {
    const saw = c.reason && c.reason !== c.summary ? `${c.summary} (${c.reason})` : c.summary;
    out.push(`| ${t(c.id)} | ${t(c.step)} | ${t(c.status)} | ${t(c.address ?? '')} | ${seconds(c.durationMs)} | ${t(saw)} |`);
  }
  out.push('', `---`, '', `Diagnosis ${t(v.meta.id)}.${v.meta.redacted ? ` ${t(v.meta.redactionNote)}` : ''}`, '');
  return out.join('\n');
}

export function renderMarkdown(diagnosis: Diagnosis, fixed: readonly FixOutcome[] = [], options: RedactionOptions = {}): string {
  return renderMarkdownView(reportView(diagnosis, fixed, options));
}
