/**
 * Electron main process: one hardened window, the app:// scheme serving the built renderer, the
 * service exposed over IPC. Kept thin: everything testable lives in window/, transports/, service/.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from './store/atomicFile';
import { createAppService } from './service/appService';
import { registerIpc } from './transports/ipc';
import { CONTENT_SECURITY_POLICY } from './window/csp';
import { openMainWindow } from './window/mainWindow';
import { APP_ENTRY_URL, APP_SCHEME, denyPermissions, guardContents, resolveAppFile } from './window/security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

app.enableSandbox();

const rendererRoot = path.join(__dirname, '..', 'renderer');
const windows = new Set<BrowserWindow>();
const ourContentsIds = (): Set<number> => new Set([...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents.id));

function createWindow(): BrowserWindow {
  const win = openMainWindow(BrowserWindow, { preload: path.join(__dirname, 'preload.cjs'), devTools: !app.isPackaged, dark: nativeTheme.shouldUseDarkColors });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = windows;
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    guardContents(contents, (url) => void shell.openExternal(url));
  });

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(request.url, rendererRoot, path.join, path.sep);
      if (!file) return new Response('Not found', { status: 404 });
      const response = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(response.body, { status: response.status, headers });
    });

    const service = createAppService({
      appVersion: app.getVersion(),
      dataDir: app.getPath('userData'),
      // Off Windows, .rdp files open in the app the system has for them (Windows App, Remmina, ...).
      openFile: async (file) => {
        const problem = await shell.openPath(file);
        if (problem) throw new Error(problem);
      },
      saveFile: async (request) => {
        const parent = BrowserWindow.getFocusedWindow() ?? [...windows][0];
        const options = { defaultPath: path.join(app.getPath('documents'), request.suggestedName) };
        const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        if (choice.canceled || !choice.filePath) return { saved: false };
        await writeFileAtomic(choice.filePath, request.content, 0o644);
        return { saved: true, path: choice.filePath };
      },
    });
    registerIpc(ipcMain, service, ourContentsIds);
    buildMenu();
    createWindow();
    app.on('activate', () => {
      if (windows.size === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
