/** The `patchwork-check` channel in the registry: `channels.patchworkCheck` in kvetch.yml (docs/channels/patchwork-check.md). */
import { join } from 'node:path';
import type { ChannelDefinition } from '../../model/channel.js';
import { createPatchworkCheckChannel, PATCHWORK_CHECK_CHANNEL } from './channel.js';
import { patchworkCheckOptions, patchworkCheckSchema, type PatchworkCheckConfig } from './config.js';

export const patchworkCheckChannel: ChannelDefinition<PatchworkCheckConfig> = {
  id: PATCHWORK_CHECK_CHANNEL,
  configKey: 'patchworkCheck',
  summary: 'one patchwork check per patch and context (kvetch-api, kvetch-kconfig, kvetch-input)',
  config: patchworkCheckSchema,
  create: (c, setup) => createPatchworkCheckChannel(patchworkCheckOptions(c, { env: setup.env, defaultOutDir: join(setup.stateDir, 'outbox', 'patchwork') })),
};
