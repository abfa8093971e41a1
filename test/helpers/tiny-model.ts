/** A tiny 3→2→relu→3 model file (as JSON would hold it), for tests that compile something small. */
export const TINY_MODEL = {
  format: 'bsml-model',
  version: 1,
  input: { shape: [3], range: [0, 4] },
  layers: [
    { type: 'dense', weights: [[0.5, -1.25, 0.75], [1, 0.25, -0.5]], bias: [0.1, -0.2] },
    { type: 'relu' },
    { type: 'dense', weights: [[1, -1], [-0.5, 2], [0.3, 0.3]], bias: [0, 0.1, -0.1] },
  ],
};
