import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadBatchBinding } from '../../src/engine/batch-binding.js';
import { countOpcodes, syntheticWorkload } from '../../src/engine/bench.js';
import { evaluate } from '../../src/vm/verify.js';

function capture(): { out: () => string; err: () => string; restore: () => void } {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  return { out: () => out, err: () => err, restore: () => (o.mockRestore(), e.mockRestore()) };
}

describe('bsml bench', () => {
  it('rejects bad options with exit 2 and one line on stderr', async () => {
    const c = capture();
    try {
      expect(await main(['bench', '--lanes', 'many'])).toBe(2);
      expect(await main(['bench', '--isa', 'sse4'])).toBe(2);
    } finally {
      c.restore();
    }
    expect(c.err()).toMatch(/--lanes must be a positive integer/);
    expect(c.err()).toMatch(/unknown ISA "sse4"/);
  });

  it('the generated workload is a valid script every engine accepts', () => {
    const w = syntheticWorkload(16, 4);
    expect(countOpcodes(w.script)).toBeGreaterThan(100);
    for (const s of w.stacks.slice(0, 5)) expect(evaluate(w.script, s, w.options).error).toBe('OK');
  });

  it.skipIf(!loadBatchBinding())('--json prints one object with the measured rates', async () => {
    const c = capture();
    let code: number;
    try {
      code = await main(['bench', '--json', '--lanes', '1024', '--seconds', '0.05', '--threads', '1', '--isa', 'scalar', '--no-peer']);
    } finally {
      c.restore();
    }
    expect(code!).toBe(0);
    const r = JSON.parse(c.out());
    for (const k of ['ts_evals_per_s', 'native_evals_per_s', 'batch_lane_evals_per_s', 'batch_lane_ops_per_s']) expect(r[k]).toBeGreaterThan(0);
    expect(r.batch_isa).toBe('scalar');
    expect(r.lanes).toBe(1024);
    expect(r.opcodes).toBeGreaterThan(1000);
  }, 120_000);
});
