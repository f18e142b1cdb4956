/**
 * Reports: a diagnosis (and the fixes applied in the session) as self-contained HTML, Markdown for a
 * ticket, or JSON as in the contract; optionally redacted. Pure: the caller writes the file.
 */
import type { FixOutcome, Report, ReportFormat } from '../contract';
import type { Diagnosis } from '../model';
import { overallVerdict } from '../rules/verdicts';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { redactReport } from './redact';
import type { RedactionOptions } from './view';

export { escapeHtml, mdBlock, mdParagraph, mdText } from './escape';
export { renderHtml } from './html';
export { renderMarkdown } from './markdown';
export { Redactor, redact, redactReport, type RedactionKind } from './redact';
export { reportView, type ReportView } from './view';

const EXTENSION: Record<ReportFormat, string> = { html: 'html', markdown: 'md', json: 'json' };
const MIME: Record<ReportFormat, string> = { html: 'text/html; charset=utf-8', markdown: 'text/markdown; charset=utf-8', json: 'application/json' };

/**
 * `rdp-doctor-pc-042.corp.example-20240601-101500.html`; a redacted report never carries the host
 * in its name. Only letters, digits, dots and hyphens: valid on every file system.
 */
export function reportFilename(diagnosis: Pick<Diagnosis, 'target' | 'createdAt'>, format: ReportFormat, options: { redacted?: boolean } = {}): string {
  const host = options.redacted
    ? 'redacted'
    : diagnosis.target.host
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^[.-]+|[.-]+$/g, '')
        .slice(0, 80) || 'target';
  const created = new Date(diagnosis.createdAt);
  const stamp = Number.isNaN(created.getTime())
    ? 'undated'
    : created
        .toISOString()
        .replace(/\.\d{3}Z$/, '')
        .replace(/[-:]/g, '')
        .replace('T', '-');
  return `rdp-doctor-${host}-${stamp}.${EXTENSION[format]}`;
}

/** The diagnosis as in the contract, plus the overall verdict and the fixes applied (when any). */
export function renderJson(diagnosis: Diagnosis, fixed: readonly FixOutcome[] = [], options: RedactionOptions = {}): string {
  const body = {
    ...diagnosis,
    overallVerdict: overallVerdict(diagnosis),
    ...(fixed.length > 0 ? { fixed } : {}),
    ...(options.redacted ? { redacted: true, ...(options.redaction ? { redaction: options.redaction } : {}) } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export interface RenderOptions {
  redact: boolean;
  fixed?: readonly FixOutcome[];
}

/** One report, ready to save or download (implements the service's ReportRenderer). */
export function renderReport(diagnosis: Diagnosis, format: ReportFormat, options: RenderOptions): Report {
  const fixed = options.fixed ?? [];
  const redaction = options.redact ? redactReport(diagnosis, fixed) : null;
  const input = redaction ?? { diagnosis, fixed: [...fixed] };
  const redacted: RedactionOptions = redaction ? { redacted: true, redaction: redaction.redactor.summary() } : { redacted: false };
  const content =
    format === 'html'
      ? renderHtml(input.diagnosis, input.fixed, redacted)
      : format === 'markdown'
        ? renderMarkdown(input.diagnosis, input.fixed, redacted)
        : renderJson(input.diagnosis, input.fixed, redacted);
  return { filename: reportFilename(diagnosis, format, redacted), mimeType: MIME[format], content };
}
