/**
 * The defaults of a fuzz campaign, in a module with no imports, so that `bsml fuzz --help` can
 * print the very values the campaign uses without loading the fuzzer.
 */

/** Cases per chunk of a campaign (each chunk has its own seed; shards split a campaign by chunks). */
export const CHUNK_SIZE = 10_000;

/** Seconds a campaign runs when neither a time budget nor a number of cases is given. */
export const DEFAULT_FUZZ_SECONDS = 30;

/** Distinct shrunk counterexamples a campaign collects (and `bsml fuzz` prints) by default. */
export const DEFAULT_MAX_COUNTEREXAMPLES = 10;

/** The exit status of a campaign that Ctrl-C (SIGINT) stopped without a mismatch: 128 + SIGINT, as usual. */
export const EXIT_INTERRUPTED = 130;
