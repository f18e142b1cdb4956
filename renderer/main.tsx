import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { runEventSchema } from '../shared/contract';
import { getApi } from './api';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { showError } from './store/notices';
import { useSettings } from './store/settings';
import { useWizard } from './store/wizard';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/steps.css';

function connect(): void {
  try {
    const api = getApi();
    api.onEvent((raw) => {
      // The preload passes events through as they come: read them with the contract's schema.
      const event = runEventSchema.safeParse(raw);
      if (event.success) useWizard.getState().handleEvent(event.data);
    });
    void useSettings.getState().load();
  } catch (error) {
    showError(error);
  }
}

connect();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what="RDP Doctor">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
