/** The channels a config enables, built from the registry (report/index.ts). */
import type { Config } from '../config/schema.js';
import type { Channel, ChannelDefinition, ChannelSetup } from '../model/channel.js';
import { CHANNELS } from '../report/index.js';

export function buildChannels(config: Config, setup: ChannelSetup, registry: readonly ChannelDefinition[] = CHANNELS): Channel[] {
  const out: Channel[] = [];
  for (const def of registry) {
    const section = (config.channels[def.configKey] ?? def.defaultConfig) as { enabled: boolean } | undefined;
    if (!section?.enabled) continue;
    out.push(def.create(section, setup));
  }
  return out;
}
