/** The wizard frame: header, step list, the current step, Back / Next, the live region and the alert. */
import { lazy, Suspense, useEffect, useRef } from 'react';
import type { StepId } from '../shared/steps';
import { AppHeader } from './components/AppHeader';
import { ErrorAlert } from './components/ErrorAlert';
import { ErrorBoundary } from './components/ErrorBoundary';
import { LiveRegion } from './components/LiveRegion';
import { StepList } from './components/StepList';
import { StoreProblems } from './components/StoreProblems';
import { WizardNav } from './components/WizardNav';
import { useApplyTheme } from './lib/theme';
import { useWizard } from './store/wizard';
import { TargetStep } from './steps/TargetStep';
import { Spinner } from './components/Icon';

// The first screen (the target) loads alone; each check step, the summary, the reports and the
// illustrations come in their own chunks when the wizard gets there.
const ReachabilityStep = lazy(() => import('./steps/ReachabilityStep').then((m) => ({ default: m.ReachabilityStep })));
const CertificateStep = lazy(() => import('./steps/CertificateStep').then((m) => ({ default: m.CertificateStep })));
const SecurityStep = lazy(() => import('./steps/SecurityStep').then((m) => ({ default: m.SecurityStep })));
const AddressingStep = lazy(() => import('./steps/AddressingStep').then((m) => ({ default: m.AddressingStep })));
const StabilityStep = lazy(() => import('./steps/StabilityStep').then((m) => ({ default: m.StabilityStep })));
const SummaryStep = lazy(() => import('./steps/SummaryStep').then((m) => ({ default: m.SummaryStep })));

const VIEWS: Record<StepId, React.ComponentType> = {
  target: TargetStep,
  reachability: ReachabilityStep,
  certificate: CertificateStep,
  security: SecurityStep,
  addressing: AddressingStep,
  stability: StabilityStep,
  summary: SummaryStep,
};

export function App() {
  useApplyTheme();
  const current = useWizard((s) => s.current);
  const viewingId = useWizard((s) => s.viewing?.id);
  const first = useRef(true);
  const View = VIEWS[current];

  // When the step changes, move focus to its heading so keyboard and screen reader users start there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('step-title')?.focus({ preventScroll: true });
    document.querySelector('.step-content')?.scrollTo({ top: 0 });
  }, [current, viewingId]);

  return (
    <div className="app">
      <a className="skip-link" href="#step-content">
        Skip to the current step
      </a>
      <AppHeader />
      <div className="app-body">
        <aside className="sidebar">
          <StepList />
        </aside>
        <main className="main" aria-labelledby="step-title">
          <ErrorAlert />
          <StoreProblems />
          <div className="step-content" id="step-content" tabIndex={-1} data-step={current}>
            <ErrorBoundary key={`${current}-${viewingId ?? ''}`} what="This step">
              <Suspense
                fallback={
                  <p className="notice tone-neutral">
                    <Spinner size={16} /> <span>Loading…</span>
                  </p>
                }
              >
                <View />
              </Suspense>
            </ErrorBoundary>
          </div>
          <WizardNav />
        </main>
      </div>
      <LiveRegion />
    </div>
  );
}
