/** BSML_ENGINE is read once per process, and evaluate / selectEngine and evaluateBatch share that read. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBatchBinding } from '../../src/engine/batch-binding.js';
import { loadNative } from '../../src/engine/native.js';

const saved = process.env.BSML_ENGINE;
afterEach(() => {
  if (saved === undefined) delete process.env.BSML_ENGINE;
  else process.env.BSML_ENGINE = saved;
  vi.resetModules();
});

// Fresh copies of the engine modules: the once-per-process read starts over.
async function fresh() {
  vi.resetModules();
  const index = await import('../../src/engine/index.js');
  const batch = await import('../../src/engine/batch.js');
  return { selectEngine: index.selectEngine, evaluateBatchSync: batch.evaluateBatchSync };
}

const ADD = Uint8Array.of(0x93, 0x55, 0x87); // ADD 5 EQUAL
const stacks = [[Uint8Array.of(2), Uint8Array.of(3)]];

describe('BSML_ENGINE', () => {
  it('is read at the first call; later changes are ignored by both entry points', async () => {
    process.env.BSML_ENGINE = 'ts';
    const { selectEngine, evaluateBatchSync } = await fresh();
    expect(selectEngine().name).toBe('ts');
    // Re-read, 'native' would give the native engine (or throw EngineError without the addon).
    process.env.BSML_ENGINE = 'native';
    expect(selectEngine().name).toBe('ts');
    // evaluateBatch shares the first read: still the TypeScript reference.
    process.env.BSML_ENGINE = '';
    const r = evaluateBatchSync(ADD, stacks);
    expect(r.stats.engine).toBe('ts');
    expect(r.success[0]).toBe(1);
  });

  it('evaluateBatch may be the first reader, and selectEngine then sees the same value', async () => {
    process.env.BSML_ENGINE = 'ts';
    const { selectEngine, evaluateBatchSync } = await fresh();
    expect(evaluateBatchSync(ADD, stacks).stats.engine).toBe('ts');
    process.env.BSML_ENGINE = 'native';
    expect(selectEngine().name).toBe('ts');
  });

  it.skipIf(!loadNative() || !loadBatchBinding())('unset at the first read means auto for good (the native engines with the addon)', async () => {
    delete process.env.BSML_ENGINE;
    const { selectEngine, evaluateBatchSync } = await fresh();
    expect(selectEngine().name).toBe('native');
    process.env.BSML_ENGINE = 'ts';
    expect(evaluateBatchSync(ADD, stacks).stats.engine).toBe('batch');
    expect(selectEngine().name).toBe('native');
  });
});
