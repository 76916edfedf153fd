#!/usr/bin/env node
/**
 * kvetch's command line: argv → command → exit code. The only place that sets exit codes.
 * Each command is loaded when it runs, so that `kvetch b4-check` (run once per patch by b4)
 * does not load the daemon, the channels and the stores.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CheckCommandOptions, FailLevel, OutputFormat } from './commands/check.js';
import type { WatchCommandOptions } from './commands/watch.js';
import { UserError } from '../model/errors.js';
import { EXIT_ERROR } from './exit-codes.js';
import { packageVersion } from '../util/version.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('kvetch')
    .description('Patch-triage bot for Linux kernel maintainers: reads patch series from mail archives and reviews them')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    // Before the subcommands are added, so that they inherit it: usage errors come back to
    // main() (exit 2), never process.exit().
    .exitOverride();
  program
    .command('check')
    .description('read mbox, mbox.gz, maildir, pipermail archives, format-patch files or stdin (-); print every series and its findings')
    .argument('<inputs...>', 'files or directories, - for standard input, a Message-ID or lore URL, pw:series:N / pw:patch:N or a patchwork URL, patchew:<msgid> or a patchew URL')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json', 'sarif']).default('terminal'))
    .addOption(new Option('--fail-level <level>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'none']).default('error'))
    .option('-j, --jobs <n>', 'worker threads (default: up to 2, one per core; 1 = no workers)', positiveInt)
    .option('--max-message-size <bytes>', 'larger messages are reported, not analysed (default 32 MiB)', positiveInt)
    .option('--max-gzip-ratio <n>', 'stop reading a .gz that grows past n times its size beyond 256 MiB, a gzip bomb (default 100)', positiveInt)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-progress', 'never show a progress bar')
    .option('--no-analyzers', 'only assemble series and report input problems')
    .option('--tree <path>', 'kernel source tree the series apply to: Kconfig selects are checked against it')
    .option('--color', 'force colours in terminal output')
    .option('--lore-base <url>', 'public-inbox to fetch Message-IDs from (default $KVETCH_LORE_BASE or https://lore.kernel.org)')
    .option('--patchwork-base <url>', 'patchwork instance for pw:series:N (default $KVETCH_PATCHWORK_BASE; token from $KVETCH_PATCHWORK_TOKEN)')
    .option('--patchew-base <url>', 'patchew instance for patchew:<msgid> (default $KVETCH_PATCHEW_BASE or https://patchew.org)')
    .option('--github-base <url>', 'GitHub API root for gh:<owner>/<repo>#<n> (default $KVETCH_GITHUB_API or https://api.github.com; token from $GITHUB_TOKEN)')
    .action(async (inputs: string[], opts: CheckCommandOptions) => {
      setExit(await (await import('./commands/check.js')).checkCommand(inputs, opts));
    });
  program
    .command('audit')
    .description('run the Kconfig rules over a whole kernel tree (today: selects of symbols whose code needs a subsystem nothing guarantees, such as KVM_VFIO)')
    .requiredOption('--tree <path>', 'top directory of a Linux source tree')
    .option('--arch <list>', 'comma-separated architectures (default: every arch/ with a Kconfig)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json', 'sarif']).default('terminal'))
    .addOption(new Option('--fail-level <level>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'none']).default('error'))
    .option('--color', 'force colours in terminal output')
    .action(async (opts: { tree: string; arch?: string; format: OutputFormat; failLevel: FailLevel; color?: boolean }) => {
      setExit(await (await import('./commands/audit.js')).auditCommand(opts));
    });
  program
    .command('maintainers')
    .description("who looks after each file, from the tree's MAINTAINERS, as scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f prints it")
    .argument('<files...>', 'tree-relative paths')
    .requiredOption('--tree <path>', 'top directory of a Linux source tree')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (files: string[], opts: { tree: string; format: 'text' | 'json' }) => {
      setExit((await import('./commands/maintainers.js')).maintainersCommand(files, opts));
    });
  program
    .command('watch')
    .description('follow lists (lore/public-inbox, Mailman) and patchwork projects: store mail, assemble series, analyse each series version once, record what would be published')
    .requiredOption('-c, --config <file>', 'kvetch.yml: sources, state store, timing (see README)')
    .option('--once', 'one round (poll, analyse what is ready, publish) and exit: for cron')
    .option('--db <url|file>', 'state store: postgres://… or a SQLite file (default: config db, else the user state directory)')
    .option('--worker-id <id>', 'name of this worker in claims and logs (default host:pid)')
    .option('--send', 'publish for real on the channels that allow it (default: dry run, files and logs only)')
    .action(async (opts: WatchCommandOptions) => {
      setExit(await (await import('./commands/watch.js')).watchCommand(opts));
    });
  program
    .command('ingest')
    .description("store mail for the daemon: from an MTA pipe (kvetch ingest - ) or files; the next kvetch watch round analyses it")
    .argument('<inputs...>', 'files, directories or - for one mail (or an mbox) on standard input')
    .option('-c, --config <file>', 'kvetch.yml: its db is the store')
    .option('--db <url|file>', 'state store: postgres://… or a SQLite file (default: config db, else the user state directory)')
    .option('--source <id>', 'source id to store the mail under; email policies key on it (default local)')
    .action(async (inputs: string[], opts: { config?: string; db?: string; source?: string }) => {
      setExit(await (await import('./commands/ingest.js')).ingestCommand(inputs, opts));
    });
  program
    .command('digest')
    .description("what each maintainer's files went through in a period: exports, public headers, Kconfig, series states (from the daemon's store, or --from files), routed by the tree's MAINTAINERS")
    .requiredOption('--since <span|date>', 'start of the period: a span back from --until (7d, 2w, 36h) or a date')
    .option('--until <date>', 'end of the period, exclusive (default now)')
    .option('--maintainer <email>', "one person's digest (an M: or R: address of MAINTAINERS)")
    .option('--list <address>', "one list's digest (an L: address of MAINTAINERS)")
    .option('--all', 'every maintainer (M:) with something to report')
    .option('--reviewers', 'with --all: reviewers (R:) too')
    .option('--tree <path>', 'Linux source tree whose MAINTAINERS routes the series (default: the config tree)')
    .option('-c, --config <file>', "kvetch.yml: its db and tree")
    .option('--db <url|file>', 'state store the daemon fills (default: config db, else the user state directory)')
    .option('--from <inputs...>', 'instead of the store: anything kvetch check reads (mbox, maildir, Message-ID, pw:series:N…), analysed now')
    .addOption(new Option('-f, --format <format>', 'what to print').choices(['text', 'html', 'json']).default('text'))
    .option('-o, --output <dir>', 'write every recipient\'s mail (.txt), page (.html) and JSON, and an index, to this directory')
    .option('--weeks <n>', 'weeks of export history in the charts (default 8)', positiveInt)
    .option('--lore-base <url>', 'lore address for links and Message-ID inputs (default https://lore.kernel.org)')
    .option('--patchwork-base <url>', 'patchwork instance for links to mail from patchwork sources')
    .option('-j, --jobs <n>', 'worker threads for --from (default: up to 2)', positiveInt)
    .action(async (opts: import('./commands/digest.js').DigestCommandOptions) => {
      setExit(await (await import('./commands/digest.js')).digestCommand(opts));
    });
  program
    .command('app')
    .description('run the GitHub app (Probot): check runs and review comments on pull requests; environment in README "GitHub app"; dry run unless KVETCH_DRY_RUN=0')
    .option('--db <url|file>', 'state store (default $KVETCH_DB, else the user state directory)')
    .action(async (opts: { db?: string }) => {
      const { startApp } = await import('../app/start.js');
      await startApp(opts.db ? { ...process.env, KVETCH_DB: opts.db } : process.env);
    });
  program
    .command('opt-out')
    .description('record that <address> wants no mail from kvetch, the weekly digest included (or, with --rule, none about one analyzer; --rule digest: no weekly digest)')
    .argument('<address>', 'the mail address')
    .option('--rule <id>', 'only this analyzer (e.g. symbol-exports), or digest: only the weekly digest')
    .option('--db <url|file>', 'state store (default: the user state directory)')
    .action(async (address: string, opts: { rule?: string; db?: string }) => {
      setExit(await (await import('./commands/opt-out.js')).optOutCommand(address, opts));
    });
  program
    .command('b4-check')
    .description("b4's external review check: read one message on stdin, print b4's JSON results (review-perpatch-check-cmd = kvetch b4-check)")
    .option('--tree <path>', 'kernel source tree the patch applies to')
    .action(async (opts: { tree?: string }) => {
      setExit(await (await import('./commands/b4-check.js')).b4CheckCommand(process.stdin, process.stdout, opts));
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) return EXIT_ERROR;
    if (e instanceof UserError) {
      process.stderr.write(`kvetch: ${e.message}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(`kvetch: internal error: ${err.message ?? String(e)}\nThis is a bug in kvetch; please report it with the command you ran.\n`);
    return EXIT_ERROR;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry || process.argv[1]?.endsWith('/kvetch')) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`kvetch: internal error: ${String(e)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
