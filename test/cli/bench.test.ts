import { describe, expect, it } from 'vitest';
import { loadBatchBinding } from '../../src/engine/batch-binding.js';
import { countOpcodes, syntheticWorkload } from '../../src/engine/bench.js';
import { evaluate } from '../../src/vm/verify.js';
import { runCli } from '../helpers/cli.js';

describe('bsml bench', () => {
  it('rejects bad options with exit 2 and one line on stderr', async () => {
    const lanes = await runCli(['bench', '--lanes', 'many']);
    const isa = await runCli(['bench', '--isa', 'sse4']);
    expect(lanes.code).toBe(2);
    expect(isa.code).toBe(2);
    expect(lanes.stderr).toMatch(/--lanes must be a positive integer/);
    expect(isa.stderr).toMatch(/unknown ISA "sse4"/);
  });

  it('the generated workload is a valid script every engine accepts', () => {
    const w = syntheticWorkload(16, 4);
    expect(countOpcodes(w.script)).toBeGreaterThan(100);
    for (const s of w.stacks.slice(0, 5)) expect(evaluate(w.script, s, w.options).error).toBe('OK');
  });

  it.skipIf(!loadBatchBinding())('--json prints one object with the measured rates', async () => {
    const c = await runCli(['bench', '--json', '--lanes', '1024', '--seconds', '0.05', '--threads', '1', '--isa', 'scalar', '--no-peer']);
    expect(c.code).toBe(0);
    const r = JSON.parse(c.stdout);
    for (const k of ['ts_evals_per_s', 'native_evals_per_s', 'batch_lane_evals_per_s', 'batch_lane_ops_per_s']) expect(r[k]).toBeGreaterThan(0);
    expect(r.batch_isa).toBe('scalar');
    expect(r.lanes).toBe(1024);
    expect(r.opcodes).toBeGreaterThan(1000);
  }, 120_000);
});
