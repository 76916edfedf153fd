/** pino, the one logger: JSON lines on stderr (stdout stays for reports), level from $KVETCH_LOG_LEVEL. */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(opts: { level?: string; name?: string } = {}): Logger {
  return pino({ name: opts.name ?? 'kvetch', level: opts.level ?? process.env.KVETCH_LOG_LEVEL ?? 'info' }, pino.destination({ fd: 2, sync: true }));
}
