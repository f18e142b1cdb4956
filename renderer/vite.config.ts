/**
 * The renderer build: one static folder (dist/renderer) that the Electron app:// scheme and the
 * loopback bridge both serve. Relative URLs (base './'), everything emitted locally, nothing remote.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // No polyfill script: Electron's and every current browser's Chromium supports modulepreload.
    modulePreload: { polyfill: false },
    // Small assets become data: URLs (allowed by img-src), the rest are files next to index.html.
    assetsInlineLimit: 4096,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', strictPort: true },
});
