import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// During `npm run dev` the API runs elsewhere (a local `kartoteka serve`); in production the
// server itself serves these files, so the UI and /api/v1 share one origin and no CORS is needed.
const apiTarget = process.env.KARTOTEKA_DEV_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': apiTarget, '/healthz': apiTarget },
  },
})
