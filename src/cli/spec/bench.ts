/** `bsml bench`: options and help. */
import { defineCommand } from '../command-spec.js';
import { BENCH_DEFAULT_LANES, BENCH_DEFAULT_MIN_SECONDS } from '../../engine/bench-defaults.js';

export const BENCH_SPEC = defineCommand({
  name: 'bench',
  usage: '[options]',
  summary: 'engine benchmark on the compiled digits model: TS, native, SIMD batch per ISA, libauth peer',
  description:
    'Measures evaluations per second of the digits model (compiled to tapscript) over many witnesses on every engine: TypeScript, native, the SIMD batch engine per ISA ' +
    'and thread count, and libauth as a peer. Progress goes to stderr; the table (or JSON) to stdout.',
  options: {
    json: { type: 'boolean', help: 'print the whole report as one JSON object' },
    lanes: { type: 'string', value: 'N', help: 'lanes (witnesses) per batch run', defaultText: String(BENCH_DEFAULT_LANES) },
    threads: { type: 'string', value: 'N,N', help: 'thread counts to measure the batch engine with', defaultText: '1 and the core count' },
    isa: { type: 'string', value: 'ISA,ISA', help: 'batch kernels to measure, from avx512, avx2, neon, scalar', defaultText: 'every one this CPU runs' },
    seconds: { type: 'string', value: 'S', help: 'minimum seconds per measurement, in (0, 600]', defaultText: String(BENCH_DEFAULT_MIN_SECONDS) },
    'no-peer': { type: 'boolean', help: 'skip the libauth peer' },
    out: { type: 'string', short: 'o', value: 'DIR', help: 'also write batch.json and batch.md into DIR (see "Output paths")' },
  },
  examples: ['bsml bench --lanes 10000 --threads 1,2 --isa avx2,scalar --seconds 1'],
});
