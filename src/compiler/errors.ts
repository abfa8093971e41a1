/** Typed errors of the compiler stages; each has a stable `code`. */
import { BsmlError } from '../errors.js';

/**
 * The base of every compiler error (a {@link BsmlError}): a message, the class's own `name` and a
 * stable `code` (the table in docs/errors.md). Catch it to handle any compiler error; `instanceof`
 * a subclass still tells them apart.
 */
export abstract class CompilerError extends BsmlError {}

/** Options or model structure the compiler cannot handle (bad flag value, unsupported layout). */
export class CompileOptionsError extends CompilerError {
  readonly code = 'BAD_OPTIONS';
  override readonly name = 'CompileOptionsError';
}

/** The range proof failed: some value may leave the dialect's operand range. */
export class RangeProofError extends CompilerError {
  readonly code = 'RANGE_PROOF';
  override readonly name = 'RangeProofError';
  constructor(
    message: string,
    /** 0-based dense-layer index. */
    readonly layer: number,
    /** 0-based neuron index within the layer (-1 for the layer's inputs). */
    readonly neuron: number,
  ) {
    super(message);
  }
}

/** The program needs more stack items than the dialect allows. */
export class StackLimitError extends CompilerError {
  readonly code = 'STACK_LIMIT';
  override readonly name = 'StackLimitError';
}

/** A witness could not be built (input of the wrong length, outside the declared range...). */
export class WitnessError extends CompilerError {
  readonly code = 'BAD_WITNESS_INPUT';
  override readonly name = 'WitnessError';
}

/**
 * An OUT_DIR that is not a compiled program: program.json missing, malformed or inconsistent (a
 * field out of range, a script that differs from script.hex).
 */
export class ArtifactError extends CompilerError {
  readonly code = 'BAD_ARTIFACT';
  override readonly name = 'ArtifactError';
  constructor(
    message: string,
    /** The JSON path of the offending program.json field (`witness[1]`), when one is to blame. */
    readonly field?: string,
  ) {
    super(message);
  }
}
