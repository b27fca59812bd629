// React 19 example: `npx vite --config docs/examples/react/vite.config.ts` (dev, fixture FHIR server at /fhir)
// or built by test/examples/examples.test.mjs. Needs `npm run build` once (fixtures and widgets from dist/).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fixtureFhirPlugin } from '../fixture-fhir.mjs';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), fixtureFhirPlugin()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
