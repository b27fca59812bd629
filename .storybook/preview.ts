/// <reference types="vite/client" />
// Global story setup: API docs from custom-elements.json, the fixture FHIR server behind MSW, and
// accessibility checks on every story.
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { startFixtureWorker } from '@joinedcare/fixtures/msw.js';
import { prepareServer, server, type FhirStoryParameters } from '../stories/support/fhir.js';

// `npm start` and `npm run build-storybook` run `npm run analyze` first, which writes the root
// custom-elements.json (not in git). A glob rather than a plain JSON import keeps type-checking and
// linting working on a fresh clone where the manifest has not been generated yet.
const manifests = import.meta.glob<unknown>('../custom-elements.json', { eager: true, import: 'default' });
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(manifest);
else console.warn('custom-elements.json not found: run `npm run analyze` for the API tables and controls.');

/** Manifest categories that document the element but have nothing a control could set. */
const DOCUMENTATION_ONLY = new Set(['events', 'slots', 'css custom properties', 'css shadow parts']);

const preview: Preview = {
  // runs after the framework's enhancer that reads the manifest
  argTypesEnhancers: [
    ({ argTypes }) =>
      Object.fromEntries(
        Object.entries(argTypes).map(([name, argType]) => {
          const category = argType.table?.category;
          return [name, category && DOCUMENTATION_ONLY.has(category) ? { ...argType, control: { disable: true } } : argType];
        }),
      ),
  ],
  loaders: [
    // one worker for the whole preview, started by the fixtures package with createFhirHandlers(server)
    // as its initial handlers, so they survive the addon's handler reset between stories
    mswLoader(async () => {
      const { worker } = await startFixtureWorker(server, {
        quiet: true,
        onUnhandledFrame: 'bypass',
        // relative to iframe.html, so a Storybook published under a sub-path still finds it
        serviceWorkerUrl: 'mockServiceWorker.js',
      });
      return worker;
    }),
  ],
  // after the loaders, before the story renders: a clean server, then this story's latency and faults
  beforeEach({ parameters }) {
    prepareServer(parameters['fhir'] as FhirStoryParameters | undefined);
  },
  parameters: {
    controls: { expanded: true },
    a11y: {
      // 'error' fails the story's a11y test (and shows violations in the panel); 'todo' only reports
      test: 'error',
    },
    docs: { toc: true },
    layout: 'padded',
  },
  tags: ['autodocs'],
};

export default preview;
