/** Arguments of the commands built on the demo pipeline and the sweep (demo, report, sweep). */
import { DEMO_ENGINES, type DemoEngine } from '../demo/pipeline.js';
import { parseSweepGrid, type SweepGrid } from '../demo/sweep.js';
import { asUsage, UsageError } from './usage.js';

/** `--engine all|ts|native|batch` of the demo pipeline: the engines to run (undefined: all). */
export function parsePipelineEngines(value?: string): DemoEngine[] | undefined {
  const engine = value ?? 'all';
  if (engine === 'all') return undefined;
  if (!(DEMO_ENGINES as readonly string[]).includes(engine)) throw new UsageError(`unknown engine ${JSON.stringify(engine)} (expected all, ${DEMO_ENGINES.join(', ')})`);
  return [engine as DemoEngine];
}

/** `--weights`, `--frac-bits`, `--rescale` as comma-separated lists narrowing (or reordering) `defaults`. */
export function parseGridArgs(values: { weights?: string; 'frac-bits'?: string; rescale?: string }, defaults?: SweepGrid): SweepGrid {
  return asUsage(() => parseSweepGrid({ weights: values.weights, fracBits: values['frac-bits'], rescale: values.rescale }, defaults));
}

