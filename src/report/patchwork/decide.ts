/**
 * Whether to post a check, given the newest check of that context already on the patch.
 * patchwork checks are immutable and the newest per context wins, so "updating" is posting
 * again; posting what is already there would only add noise. Pure.
 */
import type { SkipReason } from '../../model/channel.js';
import type { CheckBody } from './plan.js';

/** The fields of a patchwork check this decision needs. */
export interface SeenCheck {
  url: string;
  state: string;
  target_url: string | null;
}

export type Decision = { post: true } | { post: false; reason: SkipReason; why: string; unchanged: boolean };

export function decide(latest: SeenCheck | null, wanted: CheckBody, optional: boolean): Decision {
  if (wanted.state === 'pending' && latest && latest.state !== 'pending') {
    return { post: false, reason: 'decided', why: `the check is decided (${latest.state}); kvetch never moves it back to pending`, unchanged: false };
  }
  if (latest && latest.state === wanted.state && (latest.target_url ?? '') === wanted.target_url) {
    return { post: false, reason: 'already-done', why: `unchanged on patchwork (${latest.url})`, unchanged: true };
  }
  if (optional && !latest) return { post: false, reason: 'nothing-to-report', why: 'nothing to report', unchanged: false };
  return { post: true };
}
