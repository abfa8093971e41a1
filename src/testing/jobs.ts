/**
 * One campaign over several processes (`bsml fuzz --jobs N`): each process runs one shard
 * (`bsml fuzz … --shard i/N --json`, every N-th chunk of the campaign) and the reports are merged.
 * With the same seed and `--runs`, the merged campaign ran exactly the cases of a single process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { caseFromJson, caseKey } from './case.js';
import type { NormalResult, ResultField } from './compare.js';
import type { Counterexample, DifferentialReport } from './differential.js';

/** The CLI entry script the shards run (the package's own `bin/bsml.js`). */
const BIN = fileURLToPath(new URL('../../bin/bsml.js', import.meta.url));

/** A shard's report as `bsml fuzz --json` prints it. */
interface ShardJson {
  seed: number;
  cases: number;
  mismatches: number;
  elapsedMs: number;
  referenceErrors: Record<string, number>;
  counterexamples: {
    case: { script: string; stack: string[]; flagBits: number; sigVersion: 'base' | 'witness_v0' | 'tapscript' };
    differs: (ResultField | 'failure')[];
    reference: NormalResult;
    candidate: NormalResult;
    seed: number;
    path: string;
    numShrinks: number;
  }[];
}

/** A shard's JSON report back as a DifferentialReport. */
export function reportFromJson(j: ShardJson): DifferentialReport {
  return {
    seed: j.seed,
    cases: j.cases,
    mismatches: j.mismatches,
    elapsedMs: j.elapsedMs,
    referenceErrors: { ...j.referenceErrors },
    counterexamples: j.counterexamples.map((c) => ({ ...c, case: caseFromJson(c.case) })),
  };
}

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

/** Runs `bsml fuzz <args> --shard i/jobs --json` for every i at once and returns their reports in shard order. */
export async function runFuzzShards(args: readonly string[], jobs: number): Promise<DifferentialReport[]> {
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a positive integer (got ${jobs})`);
  const one = (i: number) =>
    new Promise<DifferentialReport>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'fuzz', ...args, '--shard', `${i}/${jobs}`, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (s: string) => (stdout += s));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (code !== 0 && code !== 1) return reject(new Error(`fuzz job ${i + 1} of ${jobs} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`));
        try {
          resolve(reportFromJson(JSON.parse(stdout) as ShardJson));
        } catch (e) {
          reject(new Error(`fuzz job ${i + 1} of ${jobs} printed no report: ${(e as Error).message}`));
        }
      });
    });
  return Promise.all(Array.from({ length: jobs }, (_, i) => one(i)));
}
