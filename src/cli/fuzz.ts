/** `bsml fuzz`: a differential campaign between two engines (logic in src/testing). */
import { formatCounterexample, type Counterexample } from '../testing/differential.js';
import { checkEnginesAvailable, fuzzEngines, parseEngineList } from '../testing/campaign.js';
import { CHUNK_SIZE, DEFAULT_MAX_COUNTEREXAMPLES, EXIT_INTERRUPTED } from '../testing/campaign-defaults.js';
import { counterexampleLine, reportLine, reportToJson } from '../testing/fuzz-json.js';
import { FUZZ_KINDS, type FuzzKind } from '../testing/fuzz-kinds.js';
import type { DifferentialReport, Shard } from '../testing/differential.js';
import { mergeReports, runFuzzShards } from '../testing/jobs.js';
import { asUsage, asUsageAsync, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { FUZZ_SPEC } from './spec/fuzz.js';

function positive(name: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'} (got ${JSON.stringify(v)})`);
  return n;
}

/**
 * The command that replays one counterexample, as printed with it. `--seed=S`, as a seed is often
 * negative: so written it replays with any bsml (earlier ones refused `--seed -5`).
 */
export function replayCommand(engines: readonly string[], kinds: readonly FuzzKind[] | undefined, seed: number, path: string): string {
  return `bsml fuzz --engines ${engines.join(',')}${kinds ? ` --kinds ${kinds.join(',')}` : ''} --seed=${seed} --path ${path}`;
}

export async function fuzzCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(FUZZ_SPEC, argv);
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.engines === undefined) throw new UsageError('--engines is required (e.g. --engines ts,native)');
  const engines = asUsage(() => parseEngineList(values.engines!));
  const seconds = positive('seconds', values.seconds, false);
  const numRuns = positive('runs', values.runs, true);
  const maxCounterexamples = positive('max-counterexamples', values['max-counterexamples'], true);
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^-?[0-9]+$/.test(values.seed) || Number(values.seed) < -(2 ** 31) || Number(values.seed) >= 2 ** 31) throw new UsageError(`--seed must be a 32-bit integer (got ${JSON.stringify(values.seed)})`);
    seed = Number(values.seed);
  }
  if (values.path !== undefined) {
    if (!/^[0-9]+(:[0-9]+)*$/.test(values.path)) throw new UsageError(`--path must look like 12:3:4 (got ${JSON.stringify(values.path)})`);
    // Its first number is a case of one chunk: a bigger one would have fast-check generate that many cases first.
    if (Number(values.path.split(':')[0]) >= CHUNK_SIZE) throw new UsageError(`--path must start with a case index below ${CHUNK_SIZE} (got ${JSON.stringify(values.path)})`);
    if (seed === undefined) throw new UsageError('--path needs the --seed it was printed with');
  }
  let kinds: FuzzKind[] | undefined;
  if (values.kinds !== undefined) {
    kinds = values.kinds.split(',').map((k) => k.trim()) as FuzzKind[];
    for (const k of kinds) if (!FUZZ_KINDS.includes(k)) throw new UsageError(`unknown kind ${JSON.stringify(k)} in --kinds (expected ${FUZZ_KINDS.join(', ')})`);
  }
  const jobs = positive('jobs', values.jobs, true) ?? 1;
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(values.shard);
    if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard must be I/N with 0 <= I < N (got ${JSON.stringify(values.shard)})`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
    if (seed === undefined) throw new UsageError('--shard needs --seed (every shard of a campaign uses the same one)');
  }
  if (values.json && values.jsonl) throw new UsageError('give --json or --jsonl, not both');
  if (jobs > 1 && shard) throw new UsageError('give --jobs or --shard, not both');
  if (jobs > 1 && values.path !== undefined) throw new UsageError('--path replays one case; it takes no --jobs');
  const [a, b] = engines;
  const labels = { reference: a === b ? `${a} (1st)` : a, candidate: a === b ? `${b} (2nd)` : b, replay: (s: number, p: string) => replayCommand(engines, kinds, s, p) };
  asUsage(() => checkEnginesAvailable(engines));
  const info = { engines, ...(shard ? { shard } : {}), ...(jobs > 1 ? { jobs } : {}) };
  // Each counterexample goes out as soon as it is found: shrunk text, or one --jsonl line (none under --json).
  const onCounterexample = values.json
    ? undefined
    : values.jsonl
      ? (cx: Counterexample) => process.stdout.write(counterexampleLine(cx, { engines, shard, replay: labels.replay(cx.seed, cx.path) }))
      : (cx: Counterexample) => process.stdout.write(formatCounterexample(cx, labels) + '\n\n');
  // Ctrl-C stops the campaign at the end of the running chunk and still prints the report (and,
  // under --jobs, the jobs' reports merged); a second Ctrl-C quits at once. A shard run by
  // --jobs gets the terminal's SIGINT and its parent's: it only stops, as its report is awaited.
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted && !shard) process.exit(EXIT_INTERRUPTED);
    if (!stop.signal.aborted && !shard) process.stderr.write('bsml fuzz: stopping after this chunk of cases, then the report (Ctrl-C again to quit now)\n');
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  let report: DifferentialReport;
  try {
    if (jobs > 1) {
      // One shard per process, all with one seed; each new counterexample is printed as its line arrives.
      const started = Date.now();
      const campaignSeed = seed ?? (Math.random() * 2 ** 32) | 0;
      // --seed=S: the seed is negative half the time, and so written it is a value to any parser.
      const args = ['--engines', values.engines!, `--seed=${campaignSeed}`];
      if (seconds !== undefined) args.push('--seconds', String(seconds));
      if (numRuns !== undefined) args.push('--runs', String(numRuns));
      if (kinds) args.push('--kinds', kinds.join(','));
      if (maxCounterexamples !== undefined) args.push('--max-counterexamples', String(maxCounterexamples));
      const max = maxCounterexamples ?? DEFAULT_MAX_COUNTEREXAMPLES;
      // A job that fails (its own error is already on stderr) is one line, exit 2, not a stack trace.
      report = mergeReports(await asUsageAsync(() => runFuzzShards(args, jobs, { onCounterexample, maxCounterexamples: max, signal: stop.signal })), max);
      report.elapsedMs = Date.now() - started;
    } else {
      report = await fuzzEngines({ engines, seconds, numRuns, seed, path: values.path, maxCounterexamples, kinds, shard, onCounterexample, signal: stop.signal });
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (values.json) process.stdout.write(JSON.stringify(reportToJson(report, info)) + '\n');
  else if (values.jsonl) process.stdout.write(reportLine(report, info));
  else {
    const where = shard ? `, shard ${shard.index}/${shard.count}` : jobs > 1 ? `, ${jobs} jobs` : '';
    process.stdout.write(`seed ${report.seed}${where}, ${(report.elapsedMs / 1000).toFixed(1)} s${report.interrupted ? ', interrupted' : ''}\n`);
    process.stdout.write(`${report.cases} cases, ${report.mismatches} mismatches\n`);
  }
  return report.mismatches > 0 ? 1 : report.interrupted ? EXIT_INTERRUPTED : 0;
}
