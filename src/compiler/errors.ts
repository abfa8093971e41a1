/** Typed errors of the compiler stages; each has a stable `code`. */

/** Options or model structure the compiler cannot handle (bad flag value, unsupported layout). */
export class CompileOptionsError extends Error {
  readonly code = 'BAD_OPTIONS';
  constructor(message: string) {
    super(message);
    this.name = 'CompileOptionsError';
  }
}

/** The range proof failed: some value may leave the dialect's operand range. */
export class RangeProofError extends Error {
  readonly code = 'RANGE_PROOF';
  constructor(
    message: string,
    /** 0-based dense-layer index. */
    readonly layer: number,
    /** 0-based neuron index within the layer (-1 for the layer's inputs). */
    readonly neuron: number,
  ) {
    super(message);
    this.name = 'RangeProofError';
  }
}

/** The program needs more stack items than the dialect allows. */
export class StackLimitError extends Error {
  readonly code = 'STACK_LIMIT';
  constructor(message: string) {
    super(message);
    this.name = 'StackLimitError';
  }
}

/** A witness could not be built (input of the wrong length, outside the declared range...). */
export class WitnessError extends Error {
  readonly code = 'BAD_WITNESS_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'WitnessError';
  }
}

/** An OUT_DIR that is not a compiled program (missing or malformed program.json). */
export class ArtifactError extends Error {
  readonly code = 'BAD_ARTIFACT';
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactError';
  }
}
