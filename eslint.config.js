// Lint: typescript-eslint (type-checked), eslint-plugin-lit and eslint-plugin-wc on every package.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'coverage/**',
      'storybook-static/**',
      'test-results/**',
      // the framework examples are applications of their own, type-checked against the packed packages
      // (test/package/pack.test.mjs, ngc): their @joinedcare types resolve only there
      'docs/examples/angular/**',
      'docs/examples/react/**',
      'docs/examples/vue/**',
      'bench/dist/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // never put clinical data or tokens in the console: only warn/error are allowed, and reviewed
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // formatters accept `HumanName | unknown` on purpose: it documents the expected shape
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    plugins: { lit },
    rules: {
      'lit/no-invalid-html': 'error',
      'lit/no-useless-template-literals': 'error',
      'lit/no-template-bind': 'error',
      'lit/attribute-value-entities': 'error',
      'lit/binding-positions': 'error',
      'lit/no-duplicate-template-bindings': 'error',
      'lit/no-legacy-template-syntax': 'error',
      'lit/no-property-change-update': 'error',
    },
  },
  {
    // clinical text is untrusted: no unsafe directives on resource data anywhere in the widgets
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'lit/directives/unsafe-html.js',
              message: 'Clinical text is untrusted. Use text bindings, or sanitise narrative with DOMPurify in core.',
            },
            { name: 'lit/directives/unsafe-svg.js', message: 'Clinical text is untrusted.' },
            { name: 'lit/directives/unsafe-mathml.js', message: 'Clinical text is untrusted.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='postMessage'] > Literal[value='*']", message: "Never postMessage to '*'." },
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Do not assign innerHTML; render with Lit templates.',
        },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', 'stories/**/*.ts', '.storybook/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-console': 'off',
      // chai assertions such as expect(x).to.exist are expressions
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
