/** The publishing channels a config enables (besides `log`, which watch adds itself). */
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Channel } from '../model/channel.js';
import { createPatchworkCheckChannel } from '../report/patchwork/channel.js';
import { patchworkCheckOptions } from '../report/patchwork/config.js';
import { createEmailChannel } from '../report/email/channel.js';
import { emailChannelOptions } from '../report/email/config.js';

export function buildChannels(config: Config, o: { stateDir: string; env: NodeJS.ProcessEnv }): Channel[] {
  const out: Channel[] = [];
  const pw = config.channels.patchworkCheck;
  if (pw?.enabled) out.push(createPatchworkCheckChannel(patchworkCheckOptions(pw, { env: o.env, defaultOutDir: join(o.stateDir, 'outbox', 'patchwork') })));
  const email = config.channels.email;
  if (email?.enabled) out.push(createEmailChannel(emailChannelOptions(email, { stateDir: o.stateDir, env: o.env })));
  return out;
}
