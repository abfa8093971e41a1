/**
 * The float model: bsml model format v1 (documented in docs/model-format.md). Importers (JSON,
 * ONNX) produce it; the compiler's quantizer consumes it.
 */

/** A fully connected layer: `out[o] = bias[o] + sum_i weights[o][i] * in[i]` (PyTorch layout). */
export interface DenseLayer {
  type: 'dense';
  /** `[out][in]`, as PyTorch stores Linear weights. */
  weights: number[][];
  /** `[out]`. */
  bias: number[];
}

/** Elementwise max(0, x). */
export interface ReluLayer {
  type: 'relu';
}

export type Layer = DenseLayer | ReluLayer;

/** The declared range of every input value: one `[lo, hi]` for all, or one per feature. */
export type InputRange = [number, number] | [number, number][];

/** A float model (format v1). The output is the last layer's logits; the class is their argmax. */
export interface Model {
  format: 'bsml-model';
  version: 1;
  /** Optional human name. */
  name?: string;
  input: {
    /** Input shape; the flattened (row-major) size is the number of inputs. */
    shape: number[];
    range: InputRange;
  };
  layers: Layer[];
}
