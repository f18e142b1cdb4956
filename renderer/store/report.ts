/** Reports of a saved diagnosis (the session's, or one reopened from history): made by the service. */
import type { FixOutcome, Report, ReportFormat } from '../../shared/contract';
import { getApi } from '../api';

export interface ReportRequest {
  diagnosisId: string;
  format: ReportFormat;
  redact: boolean;
  /** Fixes applied in this session, listed under "what we fixed". */
  fixed: FixOutcome[];
}

export function makeReport(request: ReportRequest): Promise<Report> {
  const { fixed, ...rest } = request;
  return getApi().exportReport({ ...rest, ...(fixed.length > 0 ? { fixed } : {}) });
}
