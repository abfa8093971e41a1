/**
 * The defaults of `runBench` (`bsml bench`), in a module the command's help can import without
 * loading the benchmark.
 */
import { cpus } from 'node:os';

/** Lanes (witnesses) per batch run. */
export const BENCH_DEFAULT_LANES = 100_000;

/** Minimum seconds per measurement. */
export const BENCH_DEFAULT_MIN_SECONDS = 0.5;

/** Thread counts the batch engine is measured with: 1 and the core count (once if they are equal). */
export function benchDefaultThreads(cores: number = cpus().length): number[] {
  return [...new Set([1, cores])];
}
