/**
 * `bsml demo`: the embedded digits model and test split through the whole pipeline (see
 * {@link runPipeline}), and the report.
 */
import { fileURLToPath } from 'node:url';
import { firstRows, readDataset, type Dataset } from '../models/csv.js';
import type { Model } from '../models/model.js';
import { loadModel } from '../models/load.js';
import { runPipeline, type PipelineOptions, type PipelineResult } from './pipeline.js';
import type { ReportMeta } from './report.js';
import { DEFAULT_SWEEP_GRID } from './sweep.js';

/** The embedded assets (shipped in the package's data/ directory). */
export const DEMO_ASSETS = {
  model: fileURLToPath(new URL('../../data/digits/model.onnx', import.meta.url)),
  data: fileURLToPath(new URL('../../data/digits/test.csv', import.meta.url)),
};

/** The digits pixels are integers 0..16 by the data set's definition. */
export const DEMO_INPUT_RANGE: [number, number] = [0, 16];

export const DEMO_META: ReportMeta = {
  title: 'bsml demo: 8x8 digits MLP compiled to Bitcoin tapscript',
  model: 'digits_mlp_64_32_10 (Gemm 64→32, Relu, Gemm 32→10), trained with PyTorch 1.13 and exported with torch.onnx.export (opset 13)',
  data: 'UCI "Optical Recognition of Handwritten Digits" (E. Alpaydin, C. Kaynak; CC BY 4.0), 8x8 form from scikit-learn; held-back test split',
};

/** Fractional-bit settings of the demo's accuracy / size sweep (with each weight scheme). */
export const DEMO_SWEEP_FRAC_BITS: readonly (number | 'auto')[] = DEFAULT_SWEEP_GRID.fracBits;

/** Options of {@link runDemo}: the pipeline's, plus a row limit (for quick runs and tests). */
export interface DemoOptions extends PipelineOptions {
  rows?: number;
}

/** The embedded digits model, imported from its ONNX file. */
export function demoModel(): Model {
  return loadModel(DEMO_ASSETS.model, { inputRange: DEMO_INPUT_RANGE, name: 'digits_mlp_64_32_10' });
}

/** The embedded digits test split. */
export function demoData(): Dataset {
  return readDataset(DEMO_ASSETS.data, 64);
}

/** Imports the embedded model and runs the pipeline on the embedded test split. */
export async function runDemo(options: DemoOptions = {}): Promise<PipelineResult> {
  const t = performance.now();
  const model = demoModel();
  const importMs = performance.now() - t;
  const data = demoData();
  const r = await runPipeline(model, firstRows(data, options.rows), { ...options, sweep: { fracBits: DEMO_SWEEP_FRAC_BITS, ...options.sweep } });
  r.timings = { import: importMs, ...r.timings };
  return r;
}
