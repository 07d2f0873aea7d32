// The web app's build: React, hashed assets under /assets, output in web/dist (served by the gateway).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The CSP allows no inline script or data: URL, so every asset is a file of its own.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  // `npm run dev:web`: the UI with hot reload, the API of a platform started with `npm start` behind it.
  server: {
    proxy: {
      ...Object.fromEntries(
        ['/api', '/auth', '/ready', '/.well-known'].map((prefix) => [prefix, 'http://127.0.0.1:8080']),
      ),
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  logLevel: 'warn',
});
