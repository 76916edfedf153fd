// ESLint 9 flat config: typescript-eslint's type-checked recommended rules over the
// TypeScript that tsconfig.json compiles (src/, test/, bench/). The import layering of
// src/ (which folder may import which) is dependency-cruiser's job: .dependency-cruiser.cjs.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's built-in modules by their bare names (`fs`, `fs/promises`, …), not `_`-internal ones. */
const bareBuiltins = builtinModules.filter((m) => !m.startsWith('_') && !m.startsWith('node:'));

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'out/', 'examples/', 'docs/', 'scripts/'],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // node:test's test()/describe()/it() return a promise that the runner itself awaits and
      // reports; a top-level `test(...)` is not a floating promise. Every other promise,
      // subtests' `t.test(...)` included, must still be awaited, returned or handled.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      // The compiler's own convention (noUnusedLocals/noUnusedParameters): a leading `_` marks
      // a binding kept on purpose, e.g. a property dropped from a rest spread
      // (`const { bytes: _bytes, ...rest } = m`) or a parameter a callback signature requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Off, on purpose. kvetch implements Promise-returning contracts (StateStore, the parse
      // feeds, Source items() as AsyncIterable) with synchronous bodies: better-sqlite3 is
      // synchronous, and in-memory item lists are `async function*` generators. `async` there
      // is what turns a synchronous throw into a rejection, which is what the contracts'
      // callers handle; rewriting those bodies as `return Promise.resolve(…)` to please this
      // rule would make such throws escape synchronously. The bug this rule is after (a
      // forgotten await) is caught by no-floating-promises and no-misused-promises, both on.
      '@typescript-eslint/require-await': 'off',
      // A `let` read by a closure before its one assignment stays a `let`: moving the declaration
      // down to that assignment, as the default asks, would put the closure's read in the TDZ.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            // Node's built-ins by their `node:` names only: one spelling for each module, the one
            // the I/O rules of .dependency-cruiser.cjs are written against.
            ...bareBuiltins.map((name) => ({ name, message: `import 'node:${name}' (the node: prefix), not '${name}'.` })),
            // The legacy assert's deepEqual/equal are loose (1 == '1'); the tests use strict mode.
            { name: 'node:assert', message: "import assert from 'node:assert/strict'." },
          ],
          patterns: [
            { group: ['**/dist/**', 'dist/**'], message: 'import the TypeScript source, never the build output in dist/.' },
          ],
        },
      ],
    },
  },
  {
    // The config files themselves: plain JavaScript run by Node, no type information.
    files: ['eslint.config.js', '.dependency-cruiser.cjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { module: 'readonly', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
);
