/** `kvetch watch --config kvetch.yml`: follow the configured sources until SIGTERM (or once, for cron). */
import { ConfigError, configDir } from '../../config/load.js';
import { loadDaemonConfig } from '../../daemon/config.js';
import { watch } from '../../daemon/watch.js';
import { buildChannels } from '../../daemon/channels.js';
import { KernelTree } from '../../kernel/tree.js';
import { openState } from '../open-state.js';
import { watchSummary } from '../watch-summary.js';
import { createLogger } from '../../util/logger.js';
import { EXIT_CLEAN, EXIT_ERROR } from '../exit-codes.js';

export interface WatchCommandOptions {
  config: string;
  once?: boolean;
  db?: string;
  workerId?: string;
  send?: boolean;
}

export async function watchCommand(o: WatchCommandOptions): Promise<number> {
  const config = loadDaemonConfig(o.config);
  const { store, stateDir } = await openState(o.db ?? config.db);
  let channels;
  try {
    channels = buildChannels(config, { stateDir, env: process.env });
  } catch (e) {
    await store.close();
    throw new ConfigError(`Invalid config in ${o.config}: channels: ${(e as Error).message}`);
  }
  const log = createLogger();
  const stop = new AbortController();
  const onSignal = (sig: string) => () => {
    log.info({ signal: sig }, 'stopping after the series in hand');
    stop.abort();
  };
  const term = onSignal('SIGTERM');
  const int = onSignal('SIGINT');
  process.once('SIGTERM', term);
  process.once('SIGINT', int);
  try {
    const stats = await watch({
      config,
      store,
      log,
      stateDir,
      signal: stop.signal,
      once: o.once === true,
      send: o.send === true,
      channels,
      baseDir: configDir(o.config),
      ...(o.workerId ? { worker: o.workerId } : {}),
      ...(config.tree ? { tree: KernelTree.open(config.tree) } : {}),
    });
    process.stdout.write(watchSummary(stats, { send: o.send === true }));
    // For cron: a round in which a source could not be read must not look clean.
    if (o.once && stats.unread.length > 0 && !stop.signal.aborted) {
      const n = config.sources.length;
      process.stderr.write(
        stats.polled === 0
          ? `kvetch watch: none of the ${n} source(s) could be read this round (the log says why for each); nothing new was taken in\n`
          : `kvetch watch: ${stats.unread.length} of the ${n} source(s) could not be read this round: ${stats.unread.join(', ')} (the log says why; the others were taken in, and the unread ones are asked again from where they were)\n`,
      );
      return EXIT_ERROR;
    }
  } finally {
    for (const c of channels) c.close?.();
    process.off('SIGTERM', term);
    process.off('SIGINT', int);
    await store.close();
  }
  return EXIT_CLEAN;
}
