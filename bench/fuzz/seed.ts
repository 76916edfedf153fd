/** The campaign's fixed seed (FUZZ_SEED overrides it); the short run uses it too. */
export const DEFAULT_SEED = 20261206;
