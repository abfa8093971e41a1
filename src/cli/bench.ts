/** `bsml bench`: the engine benchmark (src/engine/bench.ts); prints a table, or one JSON object with --json. */
import { BENCH_OUT_FILES, benchTable, checkBenchOutDir, runBench, writeBenchOutDir, type BenchOptions } from '../engine/bench.js';
import { asUsage, refuseStdoutDir, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { BENCH_SPEC } from './spec/bench.js';

const ISAS = ['avx512', 'avx2', 'neon', 'scalar'] as const;

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer (got ${JSON.stringify(v)})`);
  return n;
}

export async function benchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(BENCH_SPEC, argv);
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const options: BenchOptions = { noPeer: values['no-peer'] };
  if (values.lanes !== undefined) options.lanes = positiveInt('lanes', values.lanes);
  if (values.threads !== undefined) options.threads = values.threads.split(',').map((t) => positiveInt('threads', t));
  if (values.isa !== undefined) {
    options.isas = values.isa.split(',').map((i) => {
      if (!(ISAS as readonly string[]).includes(i)) throw new UsageError(`--isa: unknown ISA ${JSON.stringify(i)} (expected ${ISAS.join(', ')})`);
      return i as (typeof ISAS)[number];
    });
  }
  if (values.seconds !== undefined) {
    const s = Number(values.seconds);
    if (!(s > 0 && s <= 600)) throw new UsageError(`--seconds must be a number of seconds in (0, 600] (got ${JSON.stringify(values.seconds)})`);
    options.minSeconds = s;
  }
  // The output directory is checked before the benchmark runs (see "Output paths" in the README).
  refuseStdoutDir(values.out, '--out -', 'bench', BENCH_OUT_FILES);
  if (values.out !== undefined) asUsage(() => checkBenchOutDir(values.out!));
  if (!values.json) options.log = (line) => process.stderr.write(`${line}\n`);
  const report = await runBench(options);
  const table = benchTable(report);
  if (values.out !== undefined) asUsage(() => writeBenchOutDir(values.out!, report));
  process.stdout.write(values.json ? JSON.stringify(report) + '\n' : table + '\n');
  return 0;
}
