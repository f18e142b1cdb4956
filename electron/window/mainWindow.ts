/**
 * The app's one window. Its web preferences are written out here, at the BrowserWindow call, where
 * a reviewer and a scanner (Electronegativity, run by `npm test`) read them: context isolation, the
 * sandbox, no Node in any frame or worker, web security on, no webview, no middle-click windows.
 * The constructor is a parameter so the unit test can record what the window is created with.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The web preferences every window must have (devTools only in development). */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  devTools: boolean;
  safeDialogs: true;
  disableBlinkFeatures: 'Auxclick';
}

export interface MainWindowOptions {
  preload: string;
  devTools: boolean;
  dark: boolean;
}

export function openMainWindow<W>(BrowserWindow: new (options: BrowserWindowConstructorOptions) => W, options: MainWindowOptions): W {
  return new BrowserWindow({
    width: 1180,
    height: 820,
    minWidth: 760,
    minHeight: 560,
    title: 'RDP Doctor',
    show: false,
    backgroundColor: options.dark ? '#1b1d21' : '#f6f7f9',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
      safeDialogs: true,
      // A middle click would otherwise open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    } satisfies SecureWebPreferences,
  });
}
