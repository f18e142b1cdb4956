import { describe, expect, it } from 'vitest';
import type { Diagnosis, Finding } from '../../shared/model';
import type { CheckStepId } from '../../shared/steps';
import { combineDiagnoses, viewOfDiagnosis } from './combine';

const finding = (id: string, step: CheckStepId, severity: Finding['severity'], address?: string): Finding => ({
  id,
  severity,
  step,
  title: id,
  plain: '',
  detail: '',
  evidence: [],
  fixes: [],
  ...(address ? { address } : {}),
});

const diagnosis = (id: string, steps: CheckStepId[], findings: Finding[], createdAt = '2025-01-01T00:00:00.000Z'): Diagnosis => ({
  id,
  createdAt,
  appVersion: '0.1.0',
  input: 'pc',
  target: { host: 'pc', port: 3389, kind: 'dns' },
  steps,
  options: { timeoutMs: 5000, attempts: 5, slowHandshakeMs: 2000, udp: true, windows: true },
  checks: steps.map((step) => ({ id: `c-${step}`, step, status: 'pass', durationMs: 1, summary: '', data: {} })),
  findings,
  verdicts: steps.map((step) => ({ step, verdict: 'pass', headline: step, findingIds: [] })),
  durationMs: 10,
  cancelled: false,
  platform: 'linux',
});

describe('combineDiagnoses', () => {
  it('is null without any run', () => {
    expect(combineDiagnoses({})).toBeNull();
  });

  it('takes each step from its own run, in wizard order, findings ranked by severity', () => {
    const reach = diagnosis('a', ['reachability'], [finding('port-filtered', 'reachability', 'warning', '::1')]);
    const cert = diagnosis('b', ['certificate'], [finding('cert-self-signed', 'certificate', 'info'), finding('cert-expired', 'certificate', 'error')], '2025-01-02T00:00:00.000Z');
    const view = combineDiagnoses({ certificate: cert, reachability: reach })!;
    expect(view.parts.map((p) => p.id)).toEqual(['a', 'b']);
    expect(view.verdicts.map((v) => v.step)).toEqual(['reachability', 'certificate']);
    expect(view.findings.map((f) => f.id)).toEqual(['cert-expired', 'port-filtered', 'cert-self-signed']);
    expect(view.createdAt).toBe('2025-01-02T00:00:00.000Z');
    expect(view.durationMs).toBe(20);
  });

  it("ignores a run's findings about another step that has its own run", () => {
    const reach = diagnosis('a', ['reachability'], []);
    const cert = diagnosis('b', ['certificate'], [finding('port-closed', 'reachability', 'error')]);
    const view = combineDiagnoses({ reachability: reach, certificate: cert })!;
    expect(view.findings).toEqual([]);
  });

  it('keeps findings of steps without a run of their own, once', () => {
    const cert = diagnosis('b', ['certificate'], [finding('port-closed', 'reachability', 'error'), finding('port-closed', 'reachability', 'error')]);
    const view = combineDiagnoses({ certificate: cert })!;
    expect(view.findings.map((f) => f.id)).toEqual(['port-closed']);
  });

  it('uses one diagnosis that covers several steps once', () => {
    const full = diagnosis('f', ['reachability', 'certificate'], []);
    const view = combineDiagnoses({ reachability: full, certificate: full })!;
    expect(view.parts).toHaveLength(1);
    expect(view.checks).toHaveLength(2);
  });
});

describe('viewOfDiagnosis', () => {
  it('shows a reopened diagnosis as it was stored', () => {
    const d = diagnosis('h', ['stability', 'reachability'], [finding('slow-handshake', 'stability', 'warning')]);
    const view = viewOfDiagnosis(d);
    expect(view.parts).toEqual([d]);
    expect(view.verdicts.map((v) => v.step)).toEqual(['reachability', 'stability']);
  });
});
