// Vue 3 example: `npx vite --config docs/examples/vue/vite.config.ts` (dev, fixture FHIR server at /fhir)
// or built by test/examples/examples.test.mjs. Needs `npm run build` once (fixtures and widgets from dist/).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fixtureFhirPlugin } from '../fixture-fhir.mjs';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [
    vue({
      // every jc-* tag is a custom element, not a Vue component
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('jc-') } },
    }),
    fixtureFhirPlugin(),
  ],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
