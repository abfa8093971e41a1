/** `bsml fuzz`: a differential campaign between two engines (logic in src/testing). */
import { formatCounterexample, counterexampleToJson } from '../testing/differential.js';
import { checkEnginesAvailable, fuzzEngines, parseEngineList } from '../testing/campaign.js';
import { CASE_KINDS, type CaseKind } from '../testing/arbitraries.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { FUZZ_SPEC } from './spec/fuzz.js';

function positive(name: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'} (got ${JSON.stringify(v)})`);
  return n;
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
    if (!/^-?[0-9]+$/.test(values.seed) || Math.abs(Number(values.seed)) > 2 ** 31) throw new UsageError(`--seed must be a 32-bit integer (got ${JSON.stringify(values.seed)})`);
    seed = Number(values.seed);
  }
  if (values.path !== undefined) {
    if (!/^[0-9]+(:[0-9]+)*$/.test(values.path)) throw new UsageError(`--path must look like 12:3:4 (got ${JSON.stringify(values.path)})`);
    if (seed === undefined) throw new UsageError('--path needs the --seed it was printed with');
  }
  let kinds: CaseKind[] | undefined;
  if (values.kinds !== undefined) {
    kinds = values.kinds.split(',').map((k) => k.trim()) as CaseKind[];
    for (const k of kinds) if (!CASE_KINDS.includes(k)) throw new UsageError(`unknown kind ${JSON.stringify(k)} in --kinds (expected ${CASE_KINDS.join(', ')})`);
  }
  const [a, b] = engines;
  const kindsFlag = kinds ? ` --kinds ${kinds.join(',')}` : '';
  const labels = { reference: a === b ? `${a} (1st)` : a, candidate: a === b ? `${b} (2nd)` : b, replay: (s: number, p: string) => `bsml fuzz --engines ${a},${b}${kindsFlag} --seed ${s} --path ${p}` };
  asUsage(() => checkEnginesAvailable(engines));
  const report = await fuzzEngines({
    engines,
    seconds,
    numRuns,
    seed,
    path: values.path,
    maxCounterexamples,
    kinds,
    onCounterexample: values.json ? undefined : (cx) => process.stdout.write(formatCounterexample(cx, labels) + '\n\n'),
  });
  if (values.json) {
    process.stdout.write(
      JSON.stringify({
        engines,
        seed: report.seed,
        cases: report.cases,
        mismatches: report.mismatches,
        elapsedMs: report.elapsedMs,
        referenceErrors: report.referenceErrors,
        counterexamples: report.counterexamples.map(counterexampleToJson),
      }) + '\n',
    );
  } else {
    process.stdout.write(`seed ${report.seed}, ${(report.elapsedMs / 1000).toFixed(1)} s\n`);
    process.stdout.write(`${report.cases} cases, ${report.mismatches} mismatches\n`);
  }
  return report.mismatches > 0 ? 1 : 0;
}
