/**
 * lore.kernel.org / public-inbox over HTTP, in one import: message references, threads, raw
 * messages, search, and following a list. See docs/sources.md (lore).
 */
export { parseMessageRef, midEscape, type MessageRef } from './url.js';
export { fetchThread, fetchRaw, search, splitMbox, type FetchThreadOptions, type SearchOptions } from './fetch.js';
export { pollList, listEpochs, type PollOptions, type PollResult } from './poll.js';
export { CursorError } from './cursor.js';
export type { SourceLogger, SourceOptions } from '../http/source-options.js';
