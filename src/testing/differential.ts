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
  /**
   * Per-evaluation time limit in milliseconds, for evaluators that return promises (default and
   * `Infinity`: none; a limit beyond about 24.8 days, the longest timer, is none too).
   */
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
  /**
   * Stop when aborted, as when `seconds` runs out (the report covers the cases run, with
   * `interrupted: true`). Seen between chunks: with synchronous evaluators a chunk runs to its end first.
   */
  signal?: AbortSignal;
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

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v));

/**
 * Checks the numbers and names of a run before anything runs; throws RangeError naming the
 * option (prefixed with `where`). Without it `numRuns: NaN`, `0` or `'P2SH'`-like values pass
 * vacuously (no case runs, or no field is compared) and `numRuns: 1.5` never ends.
 */
export function checkRunOptions(
  o: Pick<DifferentialOptions, 'numRuns' | 'seconds' | 'seed' | 'path' | 'timeout' | 'fields' | 'maxCounterexamples' | 'chunkSize'>,
  where = 'runDifferential',
): void {
  const fail = (what: string, v: unknown) => {
    throw new RangeError(`${where}: ${what} (got ${show(v)})`);
  };
  if (o.seconds !== undefined && !(typeof o.seconds === 'number' && o.seconds > 0 && o.seconds !== Infinity)) fail('seconds must be a positive number', o.seconds);
  const unlimited = o.numRuns === Infinity && o.seconds !== undefined;
  if (o.numRuns !== undefined && !unlimited && !(Number.isInteger(o.numRuns) && o.numRuns > 0)) fail('numRuns must be a positive integer (Infinity only with seconds)', o.numRuns);
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= -(2 ** 31) && o.seed < 2 ** 31)) fail('seed must be a 32-bit integer', o.seed);
  const chunkSize = o.chunkSize ?? CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) fail('chunkSize must be a positive integer', chunkSize);
  if (o.path !== undefined) {
    // A path is a case index within one chunk, then shrink steps (fast-check's own error for a bad one leaves a timer running).
    if (typeof o.path !== 'string' || !/^[0-9]+(:[0-9]+)*$/.test(o.path)) fail('path must look like "12:3:4", as printed with a counterexample', o.path);
    if (Number(o.path.split(':')[0]) >= chunkSize) fail(`path must start with a case index below ${chunkSize} (the cases of one chunk)`, o.path);
    if (o.seed === undefined) throw new RangeError(`${where}: replaying a path needs the seed it was found with`);
  }
  if (o.timeout !== undefined && !(typeof o.timeout === 'number' && o.timeout > 0)) fail('timeout must be a positive number of milliseconds (Infinity: no limit)', o.timeout);
  if (o.maxCounterexamples !== undefined && !(Number.isInteger(o.maxCounterexamples) && o.maxCounterexamples >= 0)) fail('maxCounterexamples must be a non-negative integer', o.maxCounterexamples);
  if (o.fields !== undefined) {
    if (!Array.isArray(o.fields as unknown)) fail(`fields must be an array of ${RESULT_FIELDS.join(', ')} (empty: only a throw, timeout or malformed answer differs)`, o.fields);
    for (const f of o.fields) if (!RESULT_FIELDS.includes(f)) fail(`unknown field in fields (expected ${RESULT_FIELDS.join(', ')})`, f);
  }
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
  /** Set (true) when `signal` stopped the run before its end. */
  interrupted?: boolean;
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
    // Copies, as for spends: an evaluator that consumes its input must not change the case.
    return ev(c.script.slice(), c.stack.map((i) => i.slice()), c.flags, c.sigVersion);
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

/** The longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

async function settleAsync(r: unknown, timeout: number | undefined): Promise<NormalResult> {
  if (!isThenable(r)) return settle(r);
  let timer: NodeJS.Timeout | undefined;
  try {
    // The timer is cleared below whatever happens, so it never keeps the process alive after a run.
    const limit = new Promise<unknown>((resolve) => {
      if (timeout !== undefined && timeout <= MAX_TIMER_MS) timer = setTimeout(() => resolve({ __timeout: true }), timeout);
    });
    const v = await Promise.race([Promise.resolve(r).then((x) => x, (e: unknown) => ({ __threw: e })), limit]);
    if (v && typeof v === 'object' && '__timeout' in v) {
      return { failure: `did not answer within ${timeout} ms (raise the limit with the timeout option, in ms; Infinity: none)` };
    }
    return settle(v);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function outcome(reference: NormalResult, candidate: NormalResult, fields: readonly ResultField[]): Outcome {
  // Only reported fields are compared, so an answer with none of them (`{}`, `{ ok: true }`, or no
  // field of `fields`) would agree with anything: that is a malformed answer, not a pass
  // (`fields: []` asks for no comparison: only a throw, timeout or malformed answer differs).
  if (candidate.failure === undefined && fields.length > 0 && !fields.some((f) => candidate[f] !== undefined)) {
    candidate = { failure: `reported none of the compared fields (${fields.join(', ')})` };
  }
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
  checkRunOptions(o);
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
    // The answers of the last failing run are those of the counterexample (fast-check ends on it):
    // reported as seen, not run again, so an evaluator that answers differently the next time
    // is not reported as differing in nothing.
    let last: { c: FuzzCase; out: Outcome } | undefined;
    const holds = (c: FuzzCase, out: Outcome): boolean => {
      if (out.differs.length) last = { c, out };
      return out.differs.length === 0;
    };
    const details = useAsync
      ? await fc.check(fc.asyncProperty(o.arbitrary, async (c) => holds(c, await compareAsync(c))), params)
      : fc.check(fc.property(o.arbitrary, (c) => holds(c, compareSync(c))), params);
    if (!details.failed || !details.counterexample) return undefined;
    const c = details.counterexample[0];
    const out = last?.c === c ? last.out : useAsync ? await compareAsync(c) : compareSync(c);
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
    const cx = await shrink(seed, o.path, true);
    report.cases = 1;
    report.mismatches = cx ? 1 : 0;
    keep(cx);
    report.elapsedMs = Date.now() - started;
    return report;
  }

  const shard = checkShard(o.shard ?? { index: 0, count: 1 });
  const chunkSize = o.chunkSize ?? CHUNK_SIZE;
  for (let chunk = shard.index; chunk * chunkSize < total && Date.now() < deadline; chunk += shard.count) {
    if (o.signal) {
      // A campaign of sync evaluators never yields: give a signal handler (Ctrl-C) its turn.
      await new Promise((resolve) => setImmediate(resolve));
      if (o.signal.aborted) {
        report.interrupted = true;
        break;
      }
    }
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
