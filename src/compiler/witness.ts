/**
 * Witness generation: from a float input row, the exact witness stack the script expects
 * (claim, hints, inputs: the layout of `lower`) as byte strings, bottom first.
 */
import { encodeScriptNum } from '../script/scriptnum.js';
import { WitnessError } from './errors.js';
import type { IntModel } from './intmodel.js';
import type { WitnessItem } from './program.js';
import { firstOutOfRange, quantizeInput, runReference, type ReferenceResult } from './reference.js';

/** A built witness and the reference run it came from. */
export interface BuiltWitness {
  /** Witness items, bottom first (script numbers, minimally encoded). */
  items: Uint8Array[];
  /** The quantized inputs. */
  inputs: number[];
  /** Whether an input is outside the declared range (the script's range check must reject the row). */
  outOfRange: boolean;
  reference: ReferenceResult;
}

/** Options of `buildWitness`. */
export interface WitnessOptions {
  /** Claim this class instead of the reference's (assert-output mode; for testing rejections). */
  claim?: number;
  /** Build the witness even when an input is outside the declared range (the script will reject it). */
  allowOutOfRange?: boolean;
}

/** The numeric value of every witness item (bottom first) for quantized inputs. */
export function witnessValues(layout: readonly WitnessItem[], im: IntModel, xq: readonly number[], ref: ReferenceResult, claim?: number): number[] {
  return layout.map((it) => {
    switch (it.kind) {
      case 'input':
        return xq[it.index]!;
      case 'hint':
        return ref.layers[it.layer]!.z[it.neuron]!;
      case 'leaky-hint':
        return ref.layers[it.layer]!.y![it.neuron]!;
      case 'claim':
        return claim ?? ref.class;
    }
  });
}

/** Builds the witness of one float input row. Throws WitnessError for a bad row. */
export function buildWitness(layout: readonly WitnessItem[], im: IntModel, input: readonly number[], options: WitnessOptions = {}): BuiltWitness {
  const xq = quantizeInput(im, input);
  const bad = firstOutOfRange(im, xq);
  if (bad >= 0 && !options.allowOutOfRange) {
    // The script checks the quantized value: x is accepted when it rounds into [lo, hi], i.e. within
    // half a step of the range's quantized ends (which may lie inside or outside the declared floats).
    const [lo, hi] = im.inputRange[bad]!;
    const s = 2 ** im.inputFrac;
    throw new WitnessError(
      `input ${bad} = ${input[bad]} is outside the declared range: it quantizes to ${xq[bad]} at ${im.inputFrac} fractional bits, outside ${lo}..${hi} (the script accepts ${(lo - 0.5) / s} <= x < ${(hi + 0.5) / s})`,
    );
  }
  const reference = runReference(im, xq);
  const items = witnessValues(layout, im, xq, reference, options.claim).map((v) => encodeScriptNum(v));
  return { items, inputs: xq, outOfRange: bad >= 0, reference };
}
