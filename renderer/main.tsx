import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { connectStores } from './store/dispatcher';
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
    connectStores();
    // Events arrive checked against the contract by the transport (api.ts), once.
    api.onEvent((event) => useWizard.getState().handleEvent(event));
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
