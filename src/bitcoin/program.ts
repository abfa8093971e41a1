/**
 * A compiled program's OUT_DIR as the on-chain tools need it: the witness for an input row (the
 * compiler's witness generator) and the source map of its script.
 */
import { readOutDir } from '../compiler/artifact.js';
import { buildWitness } from '../compiler/witness.js';
import type { SourceMapEntry } from '../compiler/codegen.js';
import { BsmlError } from '../errors.js';
import { nonFiniteReason, parseDecimal } from '../io/decimal.js';

/** A malformed `--input` row. */
export class InputRowError extends BsmlError {
  readonly code = 'BAD_INPUT_ROW';
  override readonly name = 'InputRowError';
}

/** Parses `"v1,v2,..."` into finite numbers (plain decimals: parseDecimal). */
export function parseInputRow(text: string): number[] {
  return text.split(',').map((s, i) => {
    const v = parseDecimal(s);
    if (!Number.isFinite(v)) throw new InputRowError(`--input value ${i}: ${nonFiniteReason(v)}: ${JSON.stringify(s)}`);
    return v;
  });
}

/** The witness items (bottom first) that make the program in `outDir` accept `input`. */
export function programWitness(outDir: string, input: readonly number[]): Uint8Array[] {
  const p = readOutDir(outDir);
  return buildWitness(p.file.witness, p.file.quantized, input).items;
}

/** The program's source map (byte ranges of the script → layer/neuron), when OUT_DIR has one. */
export function programSourceMap(outDir: string): SourceMapEntry[] {
  return readOutDir(outDir).file.sourceMap ?? [];
}
