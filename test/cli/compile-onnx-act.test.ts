import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const DIR = 'test/fixtures/models/act/';

describe('bsml import / compile / eval with LeakyRelu', () => {
  it('imports a LeakyReLU(0.1) export to JSON, compiles it (leaky hints in the witness), and eval has no reference mismatch', async () => {
    const tmp = tempDir('onnx-act');
    const json = join(tmp, 'leaky.json');
    const i = await runCli(['import', DIR + 'leaky.op13.onnx', '--input-range', '0,16', '-o', json]);
    expect(i.stderr).toBe('');
    expect(i.code).toBe(0);
    const model = JSON.parse(readFileSync(json, 'utf8'));
    expect(model.layers.map((l: { type: string }) => l.type)).toEqual(['dense', 'leakyRelu', 'dense']);
    expect(model.layers[1].alpha).toBe(Math.fround(0.1));
    const out = join(tmp, 'out');
    const c = await runCli(['compile', json, '-o', out]);
    expect(c.code).toBe(0);
    const program = JSON.parse(readFileSync(join(out, 'program.json'), 'utf8'));
    expect(program.witness.filter((w: { kind: string }) => w.kind === 'leaky-hint')).toHaveLength(16);
    const e = await runCli(['eval', out, '--data', DIR + 'leaky.logits.csv', '--json']);
    expect(e.code).toBe(0);
    const s = JSON.parse(e.stdout);
    expect(s.rows).toBe(150);
    expect(s.reference_mismatches).toBe(0);
    expect(s.script_failures).toBe(0);
    expect(s.script_accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
