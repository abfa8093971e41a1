import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { buildWitness } from '../../src/compiler/witness.js';
import { evaluate } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { decodeScript, isTruncated } from '../../src/script/script.js';
import { isDisabledOpcode, isOpSuccess } from '../../src/script/opcodes.js';
import { decodeScriptNum, encodeScriptNum } from '../../src/script/scriptnum.js';
import { inputInRange, smallModel } from './helpers/models.js';
import { forEachCheckedOperand, runCompiled as run } from './helpers/trace.js';

const schemes = fc.constantFrom('int8', 'int4', 'ternary', 'pow2', 'int8-col' as const);
const rescales = fc.constantFrom('hint', 'pure' as const);
const fracBits = fc.oneof(fc.constant('auto' as const), fc.integer({ min: 0, max: 6 }));
const outputs = fc.constantFrom('assert-output', 'leave', 'assert-class:0');
const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 });
const native = loadNative();

/** No OP_SUCCESSx or disabled opcode in opcode position, no truncated push. */
function assertSafe(script: Uint8Array) {
  for (const ins of decodeScript(script)) {
    expect(isTruncated(ins)).toBe(false);
    expect(isOpSuccess(ins.opcode), `OP_SUCCESS 0x${ins.opcode.toString(16)} at ${ins.pos}`).toBe(false);
    expect(isDisabledOpcode(ins.opcode), `disabled 0x${ins.opcode.toString(16)} at ${ins.pos}`).toBe(false);
  }
}

describe('compiled scripts equal the integer reference', () => {
  it('for random models, schemes, rescale and output modes, and inputs in range', () => {
    let rescaled = 0;

    fc.assert(
      fc.property(smallModel, schemes, rescales, fracBits, outputs, fc.array(fractions, { minLength: 1, maxLength: 3 }), (model, weights, rescale, fb, output, rows) => {
        const c = compileModel(model, { weights, rescale, fracBits: fb, output });
        assertSafe(c.code.script);
        if (c.intModel.layers.some((l) => l.shift > 0)) rescaled++;

        const layout = c.program.witness.map((w) => w.item);
        for (const fr of rows) {
          const w = buildWitness(layout, c.intModel, inputInRange(model, fr));
          const r = run(c, w.items);
          if (native) expect(evaluate(c.code.script, w.items, { ...c.dialect.evaluation, engine: 'native' })).toEqual(r);
          const ref = w.reference;
          if (output === 'assert-output') expect(r.error).toBe('OK');
          else if (output === 'assert-class:0') expect(r.error).toBe(ref.class === 0 ? 'OK' : 'EVAL_FALSE');
          else {
            // leave: every output on the stack, in order (tapscript then reports CLEANSTACK unless one output).
            expect(r.stack.map((b) => decodeScriptNum(b, true, 5))).toEqual(ref.logits);
          }
          expect(r.stack.length).toBe(output === 'leave' ? ref.logits.length : 1);
          expect(r.altstack.length).toBe(0);
        }
      }),
      { numRuns: 250 },
    );
    expect(rescaled).toBeGreaterThan(20);

  });
});

describe('sharing across neurons (forced)', () => {
  it('scripts with shared digit pairs equal the reference, and every operand stays in its interval', () => {
    let shared = 0;
    fc.assert(
      fc.property(smallModel, schemes, rescales, fracBits, fractions, (model, weights, rescale, fb, fr) => {
        const c = compileModel(model, { weights, rescale, fracBits: fb, strategy: 'shared', recordChecks: true });
        assertSafe(c.code.script);
        if (c.code.strategies.shared > 0) shared++;
        const w = buildWitness(c.program.witness.map((x) => x.item), c.intModel, inputInRange(model, fr));
        const r = run(c, w.items, true);
        expect(r.error).toBe('OK');
        forEachCheckedOperand(c, w.items, r.trace!, (v, [lo, hi]) => {
          expect(v >= lo && v <= hi).toBe(true);
        });
      }),
      { numRuns: 120 },
    );
    expect(shared).toBeGreaterThan(20);
  });
});

describe('range proof soundness', () => {
  it('every numeric operand in the execution trace lies in its proven interval', () => {
    let checked = 0;
    fc.assert(
      fc.property(smallModel, schemes, rescales, fracBits, fractions, (model, weights, rescale, fb, fr) => {
        const c = compileModel(model, { weights, rescale, fracBits: fb, recordChecks: true });
        const w = buildWitness(c.program.witness.map((x) => x.item), c.intModel, inputInRange(model, fr));
        const r = run(c, w.items, true);
        expect(r.error).toBe('OK');
        checked += forEachCheckedOperand(c, w.items, r.trace!, (v, [lo, hi], pos) => {
          expect(v >= lo && v <= hi, `operand ${v} outside [${lo}, ${hi}] at ${pos}`).toBe(true);
          expect(Math.abs(v)).toBeLessThanOrEqual(c.proof.limit);
        });
      }),
      { numRuns: 120 },
    );
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('the script rejects what it must', () => {
  it('a wrong claimed class, a tampered hint, an out-of-range input', () => {
    let claims = 0, hints = 0, ranges = 0;
    fc.assert(
      fc.property(smallModel, schemes, fc.integer({ min: 0, max: 6 }), fractions, fc.nat(), fc.boolean(), (model, weights, fb, fr, pick, up) => {
        const c = compileModel(model, { weights, rescale: 'hint', fracBits: fb });
        const layout = c.program.witness.map((w) => w.item);
        const x = inputInRange(model, fr);
        const honest = buildWitness(layout, c.intModel, x);
        expect(run(c, honest.items).error).toBe('OK');
        const n = honest.reference.logits.length;
        if (n > 1) {
          const wrong = buildWitness(layout, c.intModel, x, { claim: (honest.reference.class + 1 + (pick % (n - 1))) % n });
          expect(run(c, wrong.items).success).toBe(false);
          claims++;
        }
        const hintAt = layout.map((it, i) => (it.kind === 'hint' ? i : -1)).filter((i) => i >= 0);
        if (hintAt.length) {
          const i = hintAt[pick % hintAt.length]!;
          const items = honest.items.slice();
          items[i] = encodeScriptNum(decodeScriptNum(items[i]!, true) + (up ? 1 : -1));
          expect(run(c, items).success).toBe(false);
          hints++;
        }
        const inputAt = layout.map((it, i) => (it.kind === 'input' ? i : -1)).filter((i) => i >= 0);
        const j = inputAt[pick % inputAt.length]!;
        const it = layout[j] as { kind: 'input'; index: number };
        const [lo, hi] = c.intModel.inputRange[it.index]!;
        const items = honest.items.slice();
        items[j] = encodeScriptNum(up ? hi + 1 : lo - 1);
        expect(run(c, items).success).toBe(false);
        ranges++;
      }),
      { numRuns: 150 },
    );
    expect(claims).toBeGreaterThan(30);
    expect(hints).toBeGreaterThan(30);
    expect(ranges).toBe(150);
  });
});
