/** Where kvetch keeps its state when no `--db` is given. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the state lives when no `--db` is given: `$KVETCH_STATE_DIR/kvetch.db`, else
 * `$XDG_STATE_HOME/kvetch/kvetch.db`, else `~/.local/state/kvetch/kvetch.db`. Creates the directory.
 */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const dir = env.KVETCH_STATE_DIR || (env.XDG_STATE_HOME ? join(env.XDG_STATE_HOME, 'kvetch') : join(home, '.local', 'state', 'kvetch'));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new Error(`cannot create the state directory ${dir}: ${(e as Error).message}; set KVETCH_STATE_DIR or pass --db <file>`);
  }
  return join(dir, 'kvetch.db');
}
