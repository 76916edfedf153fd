/** The `log` channel in the registry: on unless `channels.log.enabled` is false. */
import { z } from 'zod';
import type { ChannelDefinition } from '../../model/channel.js';
import { createLogChannel } from './channel.js';

const config = z.object({ enabled: z.boolean().default(true) }).strict();

export const logChannel: ChannelDefinition<z.infer<typeof config>> = {
  id: 'log',
  configKey: 'log',
  summary: 'records in the store, and logs, what would be published for each analysed version; never leaves the machine',
  config,
  defaultConfig: { enabled: true },
  create: () => createLogChannel(),
};
