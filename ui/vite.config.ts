import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server (build/pacificsoft) serves dist/ at "/" and the REST API under "/api" on the same
// origin, so the app only ever calls relative "/api/..." URLs. In development the Vite server
// forwards /api to a locally running Pacificsoft (PACIFICSOFT_URL, default http://localhost:8080).
const apiTarget = process.env.PACIFICSOFT_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
