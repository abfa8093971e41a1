/** `bsml witness OUT_DIR --input "v1,v2,..."`: prints the witness stack (hex, comma-separated, bottom first). */
import { readOutDir } from '../compiler/artifact.js';
import { buildWitness } from '../compiler/witness.js';
import { outputSize } from '../models/validate.js';
import { formatStackList } from '../script/stack-list.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { WITNESS_SPEC } from './spec/witness.js';
import { parseInputRow } from '../bitcoin/program.js';

export async function witnessCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(WITNESS_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected exactly one OUT_DIR');
  if (values.input === undefined) throw new UsageError('missing --input "v1,v2,..."');
  const p = asUsage(() => readOutDir(positionals[0]!));
  const input = asUsage(() => parseInputRow(values.input!));
  let claim: number | undefined;
  if (values.claim !== undefined) {
    if (!/^\d+$/.test(values.claim)) throw new UsageError(`--claim: expected a class index, got ${JSON.stringify(values.claim)}`);
    claim = Number(values.claim);
    // Only an assert-output program has a claim item; a claim must name one of the model's classes.
    if (!p.file.witness.some((w) => w.kind === 'claim')) {
      throw new UsageError(`--claim: this program takes no claim (its output is ${p.file.options.output})`);
    }
    const classes = outputSize(p.file.model);
    if (claim >= classes) throw new UsageError(`--claim: ${claim} is not a class of the model (it has ${classes}: 0 to ${classes - 1})`);
  }
  const w = asUsage(() => buildWitness(p.file.witness, p.file.quantized, input, { claim }));
  process.stdout.write(formatStackList(w.items) + '\n');
  return 0;
}
