// electron-builder configuration: Windows NSIS installer and a portable .exe (for offline laptops),
// macOS dmg, Linux AppImage. Electron fuses lock the production binary down.
'use strict';

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.rdpdoctor.app',
  productName: 'RDP Doctor',
  copyright: 'Copyright © 2026 RDP Doctor contributors',
  directories: { output: 'release', buildResources: 'build' },
  files: ['dist/**/*', 'package.json', '!dist/**/*.map', '!**/*.test.*'],
  asar: true,
  npmRebuild: false,
  icon: 'assets/icon.png',
  extraMetadata: { main: 'dist/electron/main.cjs' },
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  win: {
    target: [
      { target: 'nsis', arch: ['x64', 'arm64'] },
      { target: 'portable', arch: ['x64'] },
    ],
    icon: 'assets/icon.ico',
    // No requestedExecutionLevel: the app runs unelevated; fixes ask UAC per change.
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'RDP Doctor',
    artifactName: 'RDP-Doctor-Setup-${version}-${arch}.${ext}',
  },
  portable: { artifactName: 'RDP-Doctor-Portable-${version}.${ext}' },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.utilities',
    hardenedRuntime: true,
    icon: 'assets/icon.png',
  },
  dmg: { artifactName: 'RDP-Doctor-${version}-${arch}.${ext}' },
  linux: {
    target: [{ target: 'AppImage', arch: ['x64'] }],
    category: 'Network',
    icon: 'assets/icons',
    synopsis: 'Diagnoses Remote Desktop error 0x904 / extended 0x7',
  },
  appImage: { artifactName: 'RDP-Doctor-${version}-${arch}.${ext}' },
};
