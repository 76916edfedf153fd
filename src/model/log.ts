/**
 * The logger every step may be handed: pino's Logger fits it as it is (util/logger.ts makes
 * one), so nothing outside util/ needs pino's types.
 */
export interface Log {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Log;
}
