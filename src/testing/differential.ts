/**
 * The differential fuzzing loop shared by `checkEquivalence` and `bsml fuzz`: generate cases, run
 * a reference and a candidate evaluator on each, count the cases where they differ, and shrink
 * the first few of them to minimal counterexamples that replay from a seed and a path.
 *
 * Runs go in chunks of up to 10,000 cases; chunk k uses seed `seed + k`, so a campaign is
 * reproducible from its seed and every counterexample carries the seed and path that replay it.
 * A campaign can be split into shards (every n-th chunk), run in parallel processes or on other
 * machines, whose union is exactly the unsplit campaign.
 */
import fc from 'fast-check';
import { diffResults, formatResult, normalizeResult, RESULT_FIELDS, type Evaluator, type NormalResult, type ResultField, type SpendEvaluator } from './compare.js';
import { formatFuzzCase, fuzzCaseKey, fuzzCaseToJson, type FuzzCase } from './fuzz-case.js';
import { isSpendCase } from './spend-case.js';
import { CHUNK_SIZE } from './campaign-defaults.js';

export { CHUNK_SIZE } from './campaign-defaults.js';

/** Options of `runDifferential`. */
export interface DifferentialOptions {
  /** The evaluator taken as right. */
  reference: Evaluator;
  /** The evaluator under test. */
  candidate: Evaluator;
  /** The reference for spend cases (needed when `arbitrary` makes spends). */
  referenceSpend?: SpendEvaluator;
  /** The candidate for spend cases (needed when `arbitrary` makes spends). */
  candidateSpend?: SpendEvaluator;
  /** Where cases come from (see `evalCase`, `spendCase`, `fuzzCase`). */
  arbitrary: fc.Arbitrary<FuzzCase>;
  /** Number of cases (default 1000, or unlimited when `seconds` is given). */
  numRuns?: number;
  /** Stop generating after this many seconds (shrinking the last failures may take a little longer). */
  seconds?: number;
  /** Seed of the first chunk (default: random). */
  seed?: number;
  /** Replay only the case at this fast-check path (with `seed`), as printed with a counterexample. */
  path?: string;
  /** Per-evaluation time limit in milliseconds, for evaluators that return promises. */
  timeout?: number;
  /** Fields to compare (default all; a field the candidate leaves out is never compared). */
  fields?: readonly ResultField[];
  /** How many distinct shrunk counterexamples to collect (default 1); mismatches are still counted. */
  maxCounterexamples?: number;
  /**
   * Whether to await the evaluators. Default: decided by one probe call (a promise from either
   * evaluator means async); in sync mode a later promise counts as a malformed answer.
   */
  async?: boolean;
  /** Called with each counterexample as soon as it is shrunk. */
  onCounterexample?: (c: Counterexample) => void;
  /**
   * Run only chunks `index`, `index + count`, `index + 2·count`, … (each with the seed and, under
   * `numRuns`, the number of cases it has in the whole campaign): the `count` shards together run
   * exactly the cases of the unsplit campaign. Default: the whole campaign.
   */
  shard?: Shard;
  /** Cases per chunk (default {@link CHUNK_SIZE}); a chunk's seed is the first seed plus its index. */
  chunkSize?: number;
}

/** Shard `index` (from 0) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Checks a shard description; throws RangeError naming what is wrong. */
export function checkShard(s: Shard): Shard {
  if (!Number.isInteger(s.count) || s.count < 1) throw new RangeError(`shard count must be a positive integer (got ${s.count})`);
  if (!Number.isInteger(s.index) || s.index < 0 || s.index >= s.count) throw new RangeError(`shard index must be an integer from 0 to ${s.count - 1} (got ${s.index})`);
  return s;
}

/** A shrunk mismatch. */
export interface Counterexample {
  /** The minimal case (an evaluate case or a spend). */
  case: FuzzCase;
  reference: NormalResult;
  candidate: NormalResult;
  /** Fields that differ (`'failure'`: the candidate threw, timed out or returned garbage). */
  differs: (ResultField | 'failure')[];
  /** Seed and path that replay exactly this case. */
  seed: number;
  path: string;
  /** Shrinking steps from the case first found. */
  numShrinks: number;
}

/** What a differential run found. */
export interface DifferentialReport {
  /** Seed of the first chunk. */
  seed: number;
  /** Cases run (not counting shrinking). */
  cases: number;
  /** Cases on which the evaluators differed. */
  mismatches: number;
  /** Distinct shrunk counterexamples (at most `maxCounterexamples`). */
  counterexamples: Counterexample[];
  /** Reference error name → number of cases (how deep the cases went). */
  referenceErrors: Record<string, number>;
  elapsedMs: number;
}

interface Outcome {
  reference: NormalResult;
  candidate: NormalResult;
  differs: (ResultField | 'failure')[];
}

const isThenable = (x: unknown): x is PromiseLike<unknown> => typeof (x as { then?: unknown } | null)?.then === 'function';

function call(ev: Evaluator, spend: SpendEvaluator | undefined, c: FuzzCase): unknown {
  try {
    if (isSpendCase(c)) {
      if (!spend) throw new TypeError('a spend case needs a spend evaluator (referenceSpend / candidateSpend)');
      return spend(c.scriptSig.slice(), c.scriptPubKey.slice(), c.witness.map((i) => i.slice()), c.flags);
    }
    return ev(c.script, c.stack.map((i) => i.slice()), c.flags, c.sigVersion);
  } catch (e) {
    return { __threw: e };
  }
}

function settle(r: unknown): NormalResult {
  if (r && typeof r === 'object' && '__threw' in r) {
    const e = (r as { __threw: unknown }).__threw;
    return { failure: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  }
  if (isThenable(r)) {
    (r as Promise<unknown>).then?.(undefined, () => undefined);
    return { failure: 'returned a promise, but its first answer was synchronous (pass async: true)' };
  }
  return normalizeResult(r);
}

async function settleAsync(r: unknown, timeout: number | undefined): Promise<NormalResult> {
  if (!isThenable(r)) return settle(r);
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<unknown>((resolve) => {
      if (timeout !== undefined) timer = setTimeout(() => resolve({ __timeout: true }), timeout);
    });
    const v = await Promise.race([Promise.resolve(r).then((x) => x, (e: unknown) => ({ __threw: e })), limit]);
    if (v && typeof v === 'object' && '__timeout' in v) return { failure: `timed out after ${timeout} ms` };
    return settle(v);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function outcome(reference: NormalResult, candidate: NormalResult, fields: readonly ResultField[]): Outcome {
  return { reference, candidate, differs: diffResults(reference, candidate, fields) };
}

/** Decides once whether the evaluators answer synchronously (a promise from either → async mode). */
function probeAsync(o: DifferentialOptions, sample: FuzzCase): boolean {
  const answers = [call(o.reference, undefined, sample), call(o.candidate, undefined, sample)];
  if (o.referenceSpend && o.candidateSpend) {
    const spend = { scriptSig: new Uint8Array(0), scriptPubKey: new Uint8Array(0), witness: [], flags: 0 };
    answers.push(call(o.reference, o.referenceSpend, spend), call(o.candidate, o.candidateSpend, spend));
  }
  for (const x of answers) if (isThenable(x)) (x as Promise<unknown>).then?.(undefined, () => undefined);
  return answers.some(isThenable);
}

/** Runs a differential campaign; see the module comment. */
export async function runDifferential(o: DifferentialOptions): Promise<DifferentialReport> {
  const started = Date.now();
  const fields = o.fields ?? RESULT_FIELDS;
  const seed = o.seed ?? (Math.random() * 2 ** 32) | 0;
  const maxCx = o.maxCounterexamples ?? 1;
  const deadline = o.seconds !== undefined ? started + o.seconds * 1000 : Infinity;
  const total = o.numRuns ?? (o.seconds !== undefined ? Infinity : 1000);
  const useAsync = o.async ?? probeAsync(o, { script: new Uint8Array(0), stack: [], flags: 0, sigVersion: 'base' });

  const ref = (c: FuzzCase) => call(o.reference, o.referenceSpend, c);
  const cand = (c: FuzzCase) => call(o.candidate, o.candidateSpend, c);
  const compareSync = (c: FuzzCase): Outcome => outcome(settle(ref(c)), settle(cand(c)), fields);
  const compareAsync = async (c: FuzzCase): Promise<Outcome> => outcome(await settleAsync(ref(c), o.timeout), await settleAsync(cand(c), o.timeout), fields);

  const report: DifferentialReport = { seed, cases: 0, mismatches: 0, counterexamples: [], referenceErrors: {}, elapsedMs: 0 };
  const seen = new Set<string>();

  // Shrinks the case at `path` of chunk `chunkSeed`; returns the minimal counterexample.
  const shrink = async (chunkSeed: number, path: string, replayOnly: boolean): Promise<Counterexample | undefined> => {
    const params: fc.Parameters<[FuzzCase]> = { seed: chunkSeed, path, endOnFailure: replayOnly, plugins: [fc.interruptAfterTimeLimit(60_000)] };
    const details = useAsync
      ? await fc.check(fc.asyncProperty(o.arbitrary, async (c) => (await compareAsync(c)).differs.length === 0), params)
      : fc.check(fc.property(o.arbitrary, (c) => compareSync(c).differs.length === 0), params);
    if (!details.failed || !details.counterexample) return undefined;
    const c = details.counterexample[0];
    const out = useAsync ? await compareAsync(c) : compareSync(c);
    return { case: c, ...out, seed: chunkSeed, path: details.counterexamplePath ?? path, numShrinks: details.numShrinks };
  };

  const keep = (cx: Counterexample | undefined): void => {
    if (!cx || report.counterexamples.length >= maxCx) return;
    const k = fuzzCaseKey(cx.case);
    if (seen.has(k)) return;
    seen.add(k);
    report.counterexamples.push(cx);
    o.onCounterexample?.(cx);
  };

  if (o.path !== undefined) {
    if (o.seed === undefined) throw new RangeError('replaying a path needs the seed it was found with');
    const cx = await shrink(seed, o.path, true);
    report.cases = 1;
    report.mismatches = cx ? 1 : 0;
    keep(cx);
    report.elapsedMs = Date.now() - started;
    return report;
  }

  const shard = checkShard(o.shard ?? { index: 0, count: 1 });
  const chunkSize = o.chunkSize ?? CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer (got ${chunkSize})`);
  for (let chunk = shard.index; chunk * chunkSize < total && Date.now() < deadline; chunk += shard.count) {
    const chunkSeed = (seed + chunk) | 0;
    const runs = Math.min(chunkSize, total - chunk * chunkSize);
    const failing: number[] = [];
    let index = 0;
    const record = (c: FuzzCase, out: Outcome): true => {
      const err = out.reference.error ?? '?';
      report.referenceErrors[err] = (report.referenceErrors[err] ?? 0) + 1;
      if (out.differs.length) failing.push(index);
      index++;
      return true;
    };
    const params: fc.Parameters<[FuzzCase]> = { seed: chunkSeed, numRuns: runs };
    if (deadline !== Infinity) params.plugins = [fc.interruptAfterTimeLimit(Math.max(1, deadline - Date.now()))];
    if (useAsync) await fc.check(fc.asyncProperty(o.arbitrary, async (c) => record(c, await compareAsync(c))), params);
    else fc.check(fc.property(o.arbitrary, (c) => record(c, compareSync(c))), params);
    report.cases += index;
    report.mismatches += failing.length;
    // Shrink a few failures of this chunk (distinct ones are kept).
    for (const i of failing.slice(0, 3 * Math.max(0, maxCx - report.counterexamples.length))) {
      if (report.counterexamples.length >= maxCx) break;
      keep(await shrink(chunkSeed, String(i), false));
    }
    if (index < runs) break; // interrupted by the time limit
  }
  report.elapsedMs = Date.now() - started;
  return report;
}

/** Names used when printing a counterexample. */
export interface CounterexampleLabels {
  reference: string;
  candidate: string;
  /** Builds the replay hint from a seed and a path. */
  replay: (seed: number, path: string) => string;
}

/** A multi-line, human-readable counterexample. */
export function formatCounterexample(cx: Counterexample, labels: CounterexampleLabels): string {
  // The result lines line up with the case's lines (a spend's labels are wider).
  const w = isSpendCase(cx.case) ? 20 : 14;
  return [
    `mismatch in ${cx.differs.join(', ')} (shrunk in ${cx.numShrinks} steps)`,
    ...formatFuzzCase(cx.case).map((l) => `  ${l}`),
    `  ${`${labels.reference}:`.padEnd(w)} ${formatResult(cx.reference)}`,
    `  ${`${labels.candidate}:`.padEnd(w)} ${formatResult(cx.candidate)}`,
    `  ${'replay:'.padEnd(w)} ${labels.replay(cx.seed, cx.path)}`,
  ].join('\n');
}

/** A JSON-friendly counterexample. */
export function counterexampleToJson(cx: Counterexample): Record<string, unknown> {
  return { case: fuzzCaseToJson(cx.case), differs: cx.differs, reference: cx.reference, candidate: cx.candidate, seed: cx.seed, path: cx.path, numShrinks: cx.numShrinks };
}
