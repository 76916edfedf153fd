/** The `email` channel in the registry: `channels.email` in kvetch.yml (docs/channels/email.md). */
import type { ChannelDefinition } from '../../model/channel.js';
import { createEmailChannel, EMAIL_CHANNEL_ID } from './channel.js';
import { emailChannelOptions, emailChannelSchema, type EmailChannelConfig } from './config.js';

export const emailChannel: ChannelDefinition<EmailChannelConfig> = {
  id: EMAIL_CHANNEL_ID,
  configKey: 'email',
  summary: 'one threaded plain-text reply per series version on the list (SMTP), under per-list policy',
  config: emailChannelSchema,
  create: (c, setup) => createEmailChannel(emailChannelOptions(c, setup)),
};
