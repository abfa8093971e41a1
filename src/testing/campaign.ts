/**
 * Engine-against-engine campaigns (what `bsml fuzz` runs): two engines of the engine API, the
 * first taken as the reference, compared over generated cases.
 */
import { selectEngine } from '../engine/index.js';
import { fuzzCase, type FuzzKind } from './fuzz-kinds.js';
import { runDifferential, type Counterexample, type DifferentialReport, type Shard } from './differential.js';
import { engineEvaluator, engineSpendEvaluator } from './evaluators.js';
import { BsmlError } from '../errors.js';
import { DEFAULT_FUZZ_SECONDS, DEFAULT_MAX_COUNTEREXAMPLES } from './campaign-defaults.js';

export { DEFAULT_FUZZ_SECONDS, DEFAULT_MAX_COUNTEREXAMPLES } from './campaign-defaults.js';

/** An engine that can take part in a campaign. */
export type FuzzEngine = 'ts' | 'native';

/** A bad campaign request (engine list, numbers, replay path). */
export class FuzzUsageError extends BsmlError {
  readonly code = 'BAD_FUZZ_OPTION';
  override readonly name = 'FuzzUsageError';
}

/** Parses `ts,native` (exactly two names; the same one twice is a sanity run). */
export function parseEngineList(list: string): [FuzzEngine, FuzzEngine] {
  const names = list.split(',').map((s) => s.trim());
  if (names.length !== 2) throw new FuzzUsageError(`--engines needs exactly two engines, e.g. ts,native (got ${JSON.stringify(list)})`);
  return names.map((n) => {
    if (n === 'auto') throw new FuzzUsageError('--engines: "auto" is not allowed in a comparison; name ts or native');
    if (n !== 'ts' && n !== 'native') throw new FuzzUsageError(`unknown engine ${JSON.stringify(n)} in --engines (expected ts or native)`);
    return n;
  }) as [FuzzEngine, FuzzEngine];
}

/** Options of `fuzzEngines`. */
export interface FuzzEnginesOptions {
  engines: readonly [FuzzEngine, FuzzEngine];
  /** Time budget in seconds (default {@link DEFAULT_FUZZ_SECONDS} when `numRuns` is not given). */
  seconds?: number;
  numRuns?: number;
  seed?: number;
  /** Replay one case (needs `seed`). */
  path?: string;
  /** Distinct shrunk counterexamples to collect (default {@link DEFAULT_MAX_COUNTEREXAMPLES}). */
  maxCounterexamples?: number;
  /** Case kinds (default all four: structured, bytes, limits, spends). */
  kinds?: readonly FuzzKind[];
  onCounterexample?: (c: Counterexample) => void;
  /** Run one shard of the campaign (see `DifferentialOptions.shard`). */
  shard?: Shard;
  /** Stop early (see `DifferentialOptions.signal`). */
  signal?: AbortSignal;
}

/** Throws EngineError (code BAD_ENGINE, says why) when one of the engines cannot run here. */
export function checkEnginesAvailable(engines: readonly FuzzEngine[]): void {
  for (const e of engines) selectEngine(e);
}

/**
 * Runs a campaign comparing two engines through the engine API (the first is the reference).
 * Rejects with EngineError when an engine is unavailable, before running anything.
 */
export async function fuzzEngines(o: FuzzEnginesOptions): Promise<DifferentialReport> {
  checkEnginesAvailable(o.engines);
  const seconds = o.seconds ?? (o.numRuns === undefined ? DEFAULT_FUZZ_SECONDS : undefined);
  return runDifferential({
    reference: engineEvaluator(o.engines[0]),
    candidate: engineEvaluator(o.engines[1]),
    referenceSpend: engineSpendEvaluator(o.engines[0]),
    candidateSpend: engineSpendEvaluator(o.engines[1]),
    arbitrary: fuzzCase(o.kinds),
    numRuns: o.numRuns,
    seconds,
    seed: o.seed,
    path: o.path,
    maxCounterexamples: o.maxCounterexamples ?? DEFAULT_MAX_COUNTEREXAMPLES,
    onCounterexample: o.onCounterexample,
    shard: o.shard,
    signal: o.signal,
    async: false,
  });
}
