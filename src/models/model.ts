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

/**
 * Elementwise `min(max(x, min), max)` (ONNX Clip; PyTorch ReLU6 is `{min: 0, max: 6}`, Hardtanh
 * `{min: -1, max: 1}`). A bound left out is unbounded on that side; `min <= max` when both are given.
 */
export interface ClipLayer {
  type: 'clip';
  min?: number;
  max?: number;
}

/**
 * Elementwise `x >= 0 ? x : alpha * x` (ONNX LeakyRelu, PyTorch LeakyReLU's `negative_slope`).
 * `alpha >= 0` (a negative slope is not monotone and is rejected); `alpha` may exceed 1.
 */
export interface LeakyReluLayer {
  type: 'leakyRelu';
  alpha: number;
}

/** An elementwise activation layer. */
export type ActivationLayer = ReluLayer | ClipLayer | LeakyReluLayer;

export type Layer = DenseLayer | ActivationLayer;

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
