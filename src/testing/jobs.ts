/**
 * One campaign over several processes (`bsml fuzz --jobs N`): each process runs one shard
 * (`bsml fuzz … --shard i/N --jsonl`, every N-th chunk of the campaign), its counterexamples are
 * passed on as its lines arrive, and the reports are merged at the end.
 * With the same seed and `--runs`, the merged campaign ran exactly the cases of a single process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fuzzCaseKey as caseKey } from './fuzz-case.js';
import type { Counterexample, DifferentialReport, Shard } from './differential.js';
import { DEFAULT_MAX_COUNTEREXAMPLES, EXIT_INTERRUPTED } from './campaign-defaults.js';
import { parseFuzzLine } from './fuzz-json.js';
import { BsmlError } from '../errors.js';

export { reportFromJson } from './fuzz-json.js';

/** The CLI entry script the shards run (the package's own `bin/bsml.js`). */
const BIN = fileURLToPath(new URL('../../bin/bsml.js', import.meta.url));

/**
 * Merges the reports of one campaign's shards (in shard order): cases, mismatches and reference
 * errors add up; counterexamples are kept in order, without repeated cases, at most `maxCounterexamples`;
 * `elapsedMs` is the longest shard's.
 */
export function mergeReports(reports: readonly DifferentialReport[], maxCounterexamples: number): DifferentialReport {
  if (reports.length === 0) throw new RangeError('mergeReports needs at least one report');
  const seed = reports[0]!.seed;
  const out: DifferentialReport = { seed, cases: 0, mismatches: 0, counterexamples: [], referenceErrors: {}, elapsedMs: 0 };
  const seen = new Set<string>();
  for (const r of reports) {
    if (r.seed !== seed) throw new RangeError(`shards of one campaign share a seed (got ${seed} and ${r.seed})`);
    out.cases += r.cases;
    out.mismatches += r.mismatches;
    out.elapsedMs = Math.max(out.elapsedMs, r.elapsedMs);
    if (r.interrupted) out.interrupted = true;
    for (const [k, n] of Object.entries(r.referenceErrors)) out.referenceErrors[k] = (out.referenceErrors[k] ?? 0) + n;
    for (const cx of r.counterexamples) {
      const key = caseKey(cx.case);
      if (seen.has(key) || out.counterexamples.length >= maxCounterexamples) continue;
      seen.add(key);
      out.counterexamples.push(cx as Counterexample);
    }
  }
  return out;
}

/** Options of {@link runFuzzShards}. */
export interface FuzzShardsOptions {
  /**
   * Called at once with each counterexample a shard process reports, unless an equal case was
   * already passed on (from any shard), and at most `maxCounterexamples` times in all.
   * `job` is the shard's index (from 0).
   */
  onCounterexample?: (cx: Counterexample, job: number) => void;
  /** At most this many counterexamples reach `onCounterexample` (default 10, as `bsml fuzz`). */
  maxCounterexamples?: number;
  /**
   * The Node arguments that run shard `shard` and print `bsml fuzz --jsonl` lines on stdout
   * (default: this package's `bin/bsml.js fuzz <args> --shard i/N --jsonl`).
   */
  nodeArgs?: (shard: Shard) => string[];
  /** When aborted, each job is sent SIGINT: it stops at the end of its chunk and prints its report. */
  signal?: AbortSignal;
}

/** A fuzz job (one shard's process) that failed: it could not start, crashed, or printed what it should not. */
export class FuzzJobError extends BsmlError {
  readonly code = 'FUZZ_JOB';
  override readonly name = 'FuzzJobError';
}

/** Whose output something is, in error messages: "fuzz job 2 of 4". */
const jobName = (i: number, jobs: number) => `fuzz job ${i + 1} of ${jobs}`;

/**
 * Runs `bsml fuzz <args> --shard i/jobs --jsonl` for every i at once, passes each new
 * counterexample to `onCounterexample` as soon as its line arrives, and returns the shards'
 * reports in shard order. Rejects, naming the job, when a process cannot start, exits with a code
 * other than 0 or 1 (or is killed), prints a line that is not one of `--jsonl`'s, or ends without
 * its report; the other processes are then stopped.
 */
export async function runFuzzShards(args: readonly string[], jobs: number, options: FuzzShardsOptions = {}): Promise<DifferentialReport[]> {
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a positive integer (got ${jobs})`);
  const max = options.maxCounterexamples ?? DEFAULT_MAX_COUNTEREXAMPLES;
  const nodeArgs = options.nodeArgs ?? ((s: Shard) => [BIN, 'fuzz', ...args, '--shard', `${s.index}/${s.count}`, '--jsonl']);
  const seen = new Set<string>();
  let passed = 0;
  const children: ChildProcess[] = [];
  let failed = false;

  const one = (i: number) =>
    new Promise<DifferentialReport>((resolve, reject) => {
      const child = spawn(process.execPath, nodeArgs({ index: i, count: jobs }), { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      let report: DifferentialReport | undefined;
      let problem: string | undefined;
      let pending = '';
      const fail = (why: string) => {
        if (problem === undefined) problem = why;
        child.kill();
      };
      const line = (text: string) => {
        if (problem !== undefined || text.trim() === '') return;
        try {
          const l = parseFuzzLine(text);
          if (report) return fail('printed a line after its report');
          if (l.type === 'report') report = l.report;
          else {
            const key = caseKey(l.counterexample.case);
            if (seen.has(key) || passed >= max || failed) return;
            seen.add(key);
            passed++;
            options.onCounterexample?.(l.counterexample, i);
          }
        } catch (e) {
          fail(`printed an unreadable line: ${(e as Error).message}`);
        }
      };
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (s: string) => {
        pending += s;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const text = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          line(text);
        }
      });
      child.on('error', (e) => {
        fail(`could not run: ${e.message}`);
        reject(new FuzzJobError(`${jobName(i, jobs)} could not run: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        if (pending !== '') line(pending);
        const name = jobName(i, jobs);
        if (problem !== undefined) return reject(new FuzzJobError(`${name} ${problem}`));
        // 130: stopped by SIGINT (Ctrl-C reaches every job), its report printed.
        if (code !== 0 && code !== 1 && !(code === EXIT_INTERRUPTED && report)) return reject(new FuzzJobError(`${name} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`));
        if (!report) return reject(new FuzzJobError(`${name} ended without printing its report`));
        resolve(report);
      });
    });

  const stopAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
  };
  // If this process ends first (process.exit, e.g. its own stdout closed), its jobs end with it
  // rather than running on to the end of the campaign.
  process.on('exit', stopAll);
  const interrupt = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
  };
  options.signal?.addEventListener('abort', interrupt);
  try {
    return await Promise.all(Array.from({ length: jobs }, (_, i) => one(i)));
  } catch (e) {
    failed = true;
    stopAll();
    throw e;
  } finally {
    process.off('exit', stopAll);
    options.signal?.removeEventListener('abort', interrupt);
  }
}
