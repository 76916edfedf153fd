/** kvetch.yml as the daemon reads it: the config schema assembled from the registries of sources and channels. */
import { loadConfig, parseConfig } from '../config/load.js';
import { sourceId, type Config, type Registries, type SourceConfig } from '../config/schema.js';
import { SOURCES } from '../ingest/index.js';
import { CHANNELS } from '../report/index.js';

export const REGISTRIES: Registries = { sources: SOURCES, channels: CHANNELS };

export function loadDaemonConfig(file: string): Config {
  return loadConfig(file, REGISTRIES);
}

export function parseDaemonConfig(text: string, file: string): Config {
  return parseConfig(text, file, REGISTRIES);
}

export function daemonSourceId(s: SourceConfig): string {
  return sourceId(s, SOURCES);
}
