/**
 * Garbage the series phase may leave above what is live, per thread. With --tree, each series
 * that touches Kconfig re-parses the touched files and builds its own guarantee closure; left
 * to V8, that garbage took the corpus run past 2 GB.
 */
export const TREE_SLACK = 64 * 1024 * 1024;

/**
 * Without a tree what is live is small (the plan and stubs, ~40 MB on the corpus), so a
 * collection is cheap, and 64 MB of slack was most of the difference between the corpus and
 * the 2 GB mbox (the series phase was the latter's peak).
 */
export const SERIES_SLACK = 32 * 1024 * 1024;
