/**
 * `checkEquivalence`: fuzz your own script evaluator against bsml's reference interpreter.
 */
import type fc from 'fast-check';
import { evalCase, type CaseKind } from './arbitraries.js';
import type { EvalCase, FuzzSigVersion } from './case.js';
import type { Evaluator, ResultField } from './compare.js';
import { checkRunOptions, formatCounterexample, runDifferential, type DifferentialReport } from './differential.js';
import { referenceEvaluator } from './evaluators.js';
import { BsmlError } from '../errors.js';

/** Options of `checkEquivalence`. */
export interface CheckEquivalenceOptions {
  /** Number of cases (default 1000; unlimited when only `seconds` is given). */
  numRuns?: number;
  /** Stop generating new cases after this many seconds. */
  seconds?: number;
  /** Seed (default random; always reported so a run can be repeated). */
  seed?: number;
  /** Replay exactly one case: the `path` printed with a counterexample (needs its `seed`). */
  path?: string;
  /**
   * Per-call time limit in milliseconds for an async candidate (default 60,000, so a candidate
   * that never answers cannot hang the run; `Infinity`: no limit). A timeout counts as a mismatch.
   */
  timeout?: number;
  /** Script kinds to generate (default all: 'structured', 'bytes', 'limits'). */
  kinds?: readonly CaseKind[];
  /** Sigversions to generate (default base, witness_v0 and tapscript). */
  sigVersions?: readonly FuzzSigVersion[];
  /** Only these SCRIPT_VERIFY_* bits are ever set (default every defined flag; 0 = no flags). */
  flagMask?: number;
  /** Your own case arbitrary instead of `evalCase({ kinds, sigVersions, flagMask })`. */
  arbitrary?: fc.Arbitrary<EvalCase>;
  /** Fields to compare (default all that the candidate reports). */
  fields?: readonly ResultField[];
  /** Distinct shrunk counterexamples to collect (default 1). */
  maxCounterexamples?: number;
  /** Throw `EquivalenceError` on a mismatch (default true); false returns the report instead. */
  throwOnMismatch?: boolean;
  /** The evaluator taken as right (default: bsml's reference interpreter). */
  reference?: Evaluator;
}

/** Default `timeout`: a minute per call, far beyond what even a slow remote evaluator takes. */
const DEFAULT_TIMEOUT_MS = 60_000;

const OPTION_NAMES: readonly (keyof CheckEquivalenceOptions)[] = [
  'numRuns', 'seconds', 'seed', 'path', 'timeout', 'kinds', 'sigVersions', 'flagMask', 'arbitrary', 'fields', 'maxCounterexamples', 'throwOnMismatch', 'reference',
];

/** What `checkEquivalence` found. */
export interface EquivalenceReport extends DifferentialReport {
  /** True when no case differed. */
  ok: boolean;
  /** The counterexamples formatted for people (also the message of `EquivalenceError`). */
  text: string;
}

/** Thrown by `checkEquivalence` when the candidate differs from the reference. */
export class EquivalenceError extends BsmlError {
  readonly code = 'NOT_EQUIVALENT';
  override readonly name = 'EquivalenceError';
  constructor(readonly report: EquivalenceReport) {
    super(report.text);
  }
}

/** Echoes the options that change which cases are generated, for the replay hint. */
function replayHint(options: CheckEquivalenceOptions, seed: number, path: string): string {
  const keep: string[] = [];
  if (options.kinds) keep.push(`kinds: ${JSON.stringify(options.kinds)}`);
  if (options.sigVersions) keep.push(`sigVersions: ${JSON.stringify(options.sigVersions)}`);
  if (options.flagMask !== undefined) keep.push(`flagMask: 0x${options.flagMask.toString(16)}`);
  if (options.arbitrary) keep.push('arbitrary: <the same arbitrary>');
  return `checkEquivalence(candidate, { ${[`seed: ${seed}`, `path: ${JSON.stringify(path)}`, ...keep].join(', ')} })`;
}

/**
 * Fuzzes `candidate` against bsml's reference interpreter: generates cases (see `evalCase`), runs
 * both, compares the fields the candidate reports, and shrinks mismatches to minimal
 * counterexamples (script as ASM and hex, stack as hex, flag names, sigversion, seed and path).
 *
 * The candidate may be sync or async; it is called with a fresh copy of the stack each time. A
 * candidate that throws, does not answer within `timeout` (default 60,000 ms) or returns
 * something malformed counts as a mismatch.
 *
 * Resolves to a report; by default rejects with `EquivalenceError` (whose message lists the
 * counterexamples) when any case differed.
 *
 * @example
 * ```ts
 * await checkEquivalence(myEvaluate, { numRuns: 5000, sigVersions: ['base'] });
 * ```
 */
export async function checkEquivalence(candidate: Evaluator, options: CheckEquivalenceOptions = {}): Promise<EquivalenceReport> {
  if (typeof candidate !== 'function') throw new TypeError('checkEquivalence: candidate must be a function (script, stack, flags, sigVersion) => result');
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError(`checkEquivalence: options must be an object (got ${options === null ? 'null' : typeof options})`);
  // A misspelt option (numruns, sigversions) would otherwise be ignored silently.
  for (const k of Object.keys(options)) {
    if (!OPTION_NAMES.includes(k as keyof CheckEquivalenceOptions)) throw new RangeError(`checkEquivalence: unknown option ${JSON.stringify(k)} (known: ${OPTION_NAMES.join(', ')})`);
  }
  checkRunOptions(options, 'checkEquivalence');
  const arbitrary = options.arbitrary ?? evalCase({ kinds: options.kinds, sigVersions: options.sigVersions, flagMask: options.flagMask });
  const r = await runDifferential({
    reference: options.reference ?? referenceEvaluator,
    candidate,
    arbitrary,
    numRuns: options.numRuns,
    seconds: options.seconds,
    seed: options.seed,
    path: options.path,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    fields: options.fields,
    maxCounterexamples: options.maxCounterexamples,
    // Always await: a candidate may answer some calls synchronously and others with a promise.
    async: true,
  });
  const labels = { reference: 'reference', candidate: 'candidate', replay: (s: number, p: string) => replayHint(options, s, p) };
  const text = [
    ...r.counterexamples.map((cx) => formatCounterexample(cx, labels)),
    `${r.cases} cases, ${r.mismatches} mismatches (seed ${r.seed})`,
  ].join('\n\n');
  const report: EquivalenceReport = { ...r, ok: r.mismatches === 0, text };
  if (!report.ok && options.throwOnMismatch !== false) throw new EquivalenceError(report);
  return report;
}
