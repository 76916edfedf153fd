/**
 * The GitHub channels as the registry lists them. They answer series read from a pull request
 * (PublishInput.pullRequest, set by the app): the daemon's mail has none, so they are off in
 * kvetch.yml unless asked for, and skip mail when on. The app (src/app/) builds them itself.
 */
import { z } from 'zod';
import type { ChannelDefinition } from '../../model/channel.js';
import { createCheckRunChannel, GITHUB_CHECK_CHANNEL } from './check-run.js';
import { createReviewChannel, GITHUB_REVIEW_CHANNEL } from './review.js';

const section = z.object({ enabled: z.boolean().default(false) }).strict();
type Section = z.infer<typeof section>;

export const githubCheckChannel: ChannelDefinition<Section> = {
  id: GITHUB_CHECK_CHANNEL,
  configKey: 'githubCheck',
  summary: 'a check run named kvetch on the pull request head: conclusion, summary, every finding annotated',
  config: section,
  create: () => createCheckRunChannel(),
};

export const githubReviewChannel: ChannelDefinition<Section> = {
  id: GITHUB_REVIEW_CHANNEL,
  configKey: 'githubReview',
  summary: 'a pull-request review with a line comment per finding on the diff, kept in step with each push',
  config: section,
  create: () => createReviewChannel(),
};
