/**
 * The channels, listed once: the daemon builds the ones kvetch.yml enables, and the config
 * schema's `channels:` section is assembled from their schemas. A contract test holds that
 * every channel folder is listed here, documented under docs/channels/, and sends nothing in
 * dry run.
 */
import type { ChannelDefinition } from '../model/channel.js';
import { emailChannel } from './email/index.js';
import { githubCheckChannel, githubReviewChannel } from './github/index.js';
import { logChannel } from './log/index.js';
import { patchworkCheckChannel } from './patchwork/index.js';

export const CHANNELS: readonly ChannelDefinition[] = [logChannel, emailChannel, patchworkCheckChannel, githubCheckChannel, githubReviewChannel] as readonly ChannelDefinition[];
