import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { openMainWindow } from './mainWindow';

/** Records what the window was created with, in place of Electron's BrowserWindow. */
class RecordingWindow {
  static created: BrowserWindowConstructorOptions[] = [];
  constructor(readonly options: BrowserWindowConstructorOptions) {
    RecordingWindow.created.push(options);
  }
}

describe('the main window', () => {
  it('locks the window down: isolated, sandboxed, no Node anywhere, no webview, no middle-click windows', () => {
    const win = openMainWindow(RecordingWindow, { preload: '/app/preload.cjs', devTools: false, dark: false });
    expect(win.options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
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
      devTools: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win.options.show).toBe(false);
    expect(openMainWindow(RecordingWindow, { preload: '/p', devTools: true, dark: true }).options.webPreferences?.devTools).toBe(true);
    expect(RecordingWindow.created).toHaveLength(2);
  });
});
