/**
 * Models at the edges of the range proof: declared ranges that reach the largest 4-byte script
 * number. Each must compile to a script equal to the integer reference on both engines, or be
 * refused with a RangeProofError naming the neuron.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { buildWitness } from '../../src/compiler/witness.js';
import { evaluate } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import type { Layer, Model } from '../../src/models/model.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { runCompiled } from './helpers/trace.js';

const native = loadNative();
const MAX = 2 ** 31 - 1;

function model(range: [number, number][], layers: Layer[]): Model {
  return { format: 'bsml-model', version: 1, input: { shape: [range.length], range }, layers };
}

/** Runs the script on `items` on the TypeScript engine (and the native one, which must agree). */
function run(c: ReturnType<typeof compileModel>, items: Uint8Array[]) {
  const r = runCompiled(c, items);
  if (native) expect(evaluate(c.code.script, items, { ...c.dialect.evaluation, engine: 'native' })).toEqual(r);
  return r;
}

describe('a declared input range reaching the largest script number', () => {
  // Input 0 is quantized to [lo, 2^31 - 1] at 8 fractional bits; the first layer does not read it
  // (its only weight rounds to 0), so the range proof holds and only its range check touches it.
  const m = model(
    [
      [-1, MAX / 256],
      [0, 1],
    ],
    [{ type: 'dense', weights: [[1e-9, 1], [0, -1]], bias: [0, 0.5] }],
  );

  it('compiles (the check cannot push 2^31 as WITHIN’s bound) and accepts exactly the range', () => {
    const c = compileModel(m, { fracBits: 8 });
    expect(c.intModel.inputRange[0]).toEqual([-256, MAX]);
    const layout = c.program.witness.map((w) => w.item);
    for (const x of [[MAX / 256, 1], [-1, 0], [0, 0.5]]) {
      const w = buildWitness(layout, c.intModel, x);
      expect(run(c, w.items).error).toBe('OK');
    }
    // Just outside: lo - 1 fails the check; 2^31 is not a 4-byte number at all.
    const at = layout.findIndex((it) => it.kind === 'input' && it.index === 0);
    const honest = buildWitness(layout, c.intModel, [0, 1]).items;
    for (const [v, error] of [[-257, 'VERIFY'], [2 ** 31, 'SCRIPTNUM']] as const) {
      const items = honest.slice();
      items[at] = encodeScriptNum(v);
      expect(run(c, items).error).toBe(error);
    }
  });
});
