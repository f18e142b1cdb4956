/** The wizard frame: header, step list, the current step, Back / Next, the live region and the alert. */
import { useEffect, useRef } from 'react';
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
import { AddressingStep } from './steps/AddressingStep';
import { CertificateStep } from './steps/CertificateStep';
import { ReachabilityStep } from './steps/ReachabilityStep';
import { SecurityStep } from './steps/SecurityStep';
import { StabilityStep } from './steps/StabilityStep';
import { SummaryStep } from './steps/SummaryStep';
import { TargetStep } from './steps/TargetStep';

const VIEWS: Record<StepId, () => React.ReactElement> = {
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
              <View />
            </ErrorBoundary>
          </div>
          <WizardNav />
        </main>
      </div>
      <LiveRegion />
    </div>
  );
}
