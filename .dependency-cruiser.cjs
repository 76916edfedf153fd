// The import rules of docs/architecture.md for src/, checked by `npm run lint`
// (depcruise src --config .dependency-cruiser.cjs).
//
// From the bottom up:
//   model/                               the types every step shares; imports nothing else from src/
//   util/                                small helpers
//   diff/, mail/ < analyzers/ < engine/  the pure core: parsing and analysis; no I/O, and nothing
//                                        from the layers above it
//   kernel/, store/, config/, ingest/ (sources), report/ (channels and formats)
//   pipeline/, daemon/, cli/             what wires the rest together, and the entry points
//
// Type-only imports count (tsPreCompilationDeps): a layer that may not import a folder may not
// take its types either. The one exception is the I/O rule: `import type` does no I/O.
//
// depcruise names a built-in without its node: prefix (`node:fs` is `fs`), so the patterns take
// both; ESLint's no-restricted-imports keeps the source spelling to node: anyway.

/** The pure core: it computes, it does no I/O. */
const PURE = '^src/(analyzers|mail|diff|engine|kconfig)/';
/** What the pure core may import from src/: itself, the model and util. */
const PURE_MAY_IMPORT = '^src/(analyzers|mail|diff|engine|kconfig|model|util)/';
/** Modules that do I/O (file system, network, processes, threads, databases, mail transport). */
const IO_CORE = '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|dns/promises|child_process|worker_threads|cluster)$';
const IO_PACKAGES = '^node_modules/(better-sqlite3|pg|nodemailer)/';

/** Entry points: nothing imports them. */
const ENTRY_POINTS = ['^src/cli/main\\.ts$', '^src/pipeline/worker\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'model-imports-only-model',
      comment: 'src/model/ holds the types every step shares; it imports nothing from src/ outside model/.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/model/' },
    },
    {
      name: 'model-imports-only-zod-and-node',
      comment: 'Outside src/, src/model/ imports from zod and from the node: built-ins only.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { pathNot: ['^src/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'model-imports-only-types-from-packages',
      comment: 'What src/model/ takes from zod and node: built-ins is types (import type), no runtime code.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { pathNot: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-core-does-no-io',
      comment:
        'analyzers/, mail/, diff/, engine/ and kconfig/ do no I/O: no file system, network, processes, worker threads, ' +
        'databases or mail transport (their types are fine: import type does no I/O).',
      severity: 'error',
      from: { path: PURE },
      to: { path: [IO_CORE, IO_PACKAGES], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-core-imports-no-outer-layer',
      comment:
        'analyzers/, mail/, diff/, engine/ and kconfig/ import from src/ only each other, model/ and util/: nothing from ' +
        'ingest/, report/, store/, daemon/, cli/, pipeline/, config/ or kernel/ (which reads the kernel tree).',
      severity: 'error',
      from: { path: PURE },
      to: { path: '^src/', pathNot: PURE_MAY_IMPORT },
    },
    {
      name: 'diff-and-mail-below-analyzers',
      comment: 'diff/ and mail/ parse; the analyzers and the engine are built on them, not the other way round.',
      severity: 'error',
      from: { path: '^src/(diff|mail)/' },
      to: { path: '^src/(analyzers|engine)/' },
    },
    {
      name: 'analyzers-below-engine',
      comment: 'The engine runs the analyzers; an analyzer does not import the engine.',
      severity: 'error',
      from: { path: '^src/analyzers/' },
      to: { path: '^src/engine/' },
    },
    {
      name: 'report-imports-no-driver',
      comment: 'Channels and formats (src/report/) are driven by daemon/, cli/, app/ and pipeline/, and import none of them.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/(daemon|cli|pipeline|app)/' },
    },
    {
      name: 'ingest-imports-no-report',
      comment: 'Sources (src/ingest/) know nothing of channels and formats (src/report/).',
      severity: 'error',
      from: { path: '^src/ingest/' },
      to: { path: '^src/report/' },
    },
    {
      name: 'config-imports-no-channel-or-source',
      comment: 'src/config/ builds its schema from the registries it is handed; it imports no channel or source.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(report|ingest)/' },
    },
    {
      name: 'store-imports-only-model-and-util',
      comment: 'src/store/ imports from src/ only model/ and util/ (and itself).',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/(store|model|util)/' },
    },
    {
      name: 'mailparser-only-in-mail-message',
      comment: 'Third-party types stay inside the module that wraps them: mailparser in mail/message.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/mail/message\\.ts$' },
      to: { path: '^node_modules/mailparser/' },
    },
    {
      name: 'parse-diff-only-in-diff',
      comment: 'Third-party types stay inside the module that wraps them: parse-diff in diff/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/diff/' },
      to: { path: '^node_modules/parse-diff/' },
    },
    {
      name: 'pino-only-in-util-logger',
      comment: 'Third-party types stay inside the module that wraps them: pino in util/logger.ts (the rest takes a model/log.ts Log).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/util/logger\\.ts$' },
      to: { path: '^node_modules/pino/' },
    },
    {
      name: 'app-is-glue',
      comment: 'src/app/ (the GitHub app) is handlers: it drives sources, triage and channels; none of them, nor the daemon, imports it (only cli/ starts it).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|cli)/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'probot-only-in-app',
      comment: 'Probot is the app\'s server: only src/app/ imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/app/' },
      to: { path: '^node_modules/probot/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles in src/ (type-only imports included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment:
        'Every module in src/ is imported by another one, except the entry points: src/cli/main.ts (the bin) and ' +
        'src/pipeline/worker.ts (loaded by new Worker(), which is no import).',
      severity: 'error',
      module: { path: '^src/', pathNot: ENTRY_POINTS, numberOfDependentsLessThan: 1 },
      from: { path: '^src/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import in src/ that cannot be resolved is a typo or a missing package.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
