/** docs/errors.md "Native addon": the binding called directly with bad arguments. */
import { describe, expect, it } from 'vitest';
import { loadNativeAddon, readNativeResult, type NativeAddon, type NativePackedResult } from '../../src/engine/native.js';
import { SCRIPT_ERRORS } from '../../src/vm/errors.js';
import { FLAGS } from '../../src/vm/flags.js';

const addon = loadNativeAddon();
const A = addon as NativeAddon & Record<string, (...a: unknown[]) => unknown>;
const ONE = Uint8Array.of(0x51);

function detached(): Uint8Array {
  const buf = new ArrayBuffer(8);
  const u = new Uint8Array(buf);
  structuredClone(buf, { transfer: [buf] });
  return u;
}

const call = (name: string, ...args: unknown[]) => () => A[name]!(...args);
/** Decodes a result the addon returned in a fresh buffer (no `out` given). */
const res = (r: NativePackedResult | undefined) => readNativeResult(r!);

describe.skipIf(!addon)('native addon', () => {
  it('addon-type', () => {
    expect(call('evaluate', '51', [], 0, 0)).toThrow(new TypeError('script must be a Uint8Array'));
    expect(call('evaluate', ONE, [ONE, 'x'], 0, 0)).toThrow(new TypeError('stack[1] must be a Uint8Array'));
    expect(call('evaluate', ONE, 'x', 0, 0)).toThrow(new TypeError('stack must be an Array of Uint8Array'));
    expect(call('evaluate')).toThrow(new TypeError('script must be a Uint8Array'));
    expect(call('verifyScript', ONE, new Int8Array(1), [], 0)).toThrow(new TypeError('scriptPubKey must be a Uint8Array'));
    expect(call('sha256', 7)).toThrow(new TypeError('data must be a Uint8Array'));
    expect(call('evaluate', ONE, [], '0', 0)).toThrow(TypeError);
    expect(call('evaluate', ONE, [], 0, '0')).toThrow(new TypeError('flags must be a number'));
  });
  it('addon-detached', () => {
    expect(call('evaluate', detached(), [], 0, 0)).toThrow(new TypeError('script is a Uint8Array over a detached ArrayBuffer'));
    expect(call('verifyScript', new Uint8Array(0), ONE, [detached()], 0)).toThrow(new TypeError('witness[0] is a Uint8Array over a detached ArrayBuffer'));
    expect(call('ripemd160', detached())).toThrow(TypeError);
  });
  it('addon-sigversion', () => {
    for (const sv of [2, -1, 1.5, 4, NaN]) {
      expect(call('evaluate', ONE, [], sv, 0)).toThrow(new RangeError('sigVersion must be 0 (base), 1 (witness_v0) or 3 (tapscript)'));
    }
  });
  it('addon-flags', () => {
    for (const f of [-1, 2 ** 32, 2 ** 40, 0.5, Infinity]) {
      expect(call('evaluate', ONE, [], 0, f)).toThrow(new RangeError('flags must be an integer in [0, 2^32)'));
      expect(call('verifyScript', ONE, ONE, [], f)).toThrow(RangeError);
    }
  });
  it('addon-weight', () => {
    for (const w of [2 ** 60, -(2 ** 60), 0.5, NaN]) {
      expect(call('evaluate', ONE, [], 3, 0, w)).toThrow(new RangeError('validationWeight must be a safe integer'));
    }
    // A negative budget is a number like any other: the first signature check exhausts it.
    expect(res(addon!.evaluate(ONE, [], 3, 0, -5)).success).toBe(true);
  });
  it('addon-many-items', () => {
    const many = Array.from({ length: 1001 }, () => new Uint8Array(0));
    // More than 1000 initial items or witness items: Core's answer (bsml_evaluate_large, bsml_verify_script).
    expect(res(addon!.evaluate(ONE, many, 0, 0)!)).toMatchObject({ success: false, error: SCRIPT_ERRORS.indexOf('STACK_SIZE'), opCount: 0 });
    expect(res(addon!.verifyScript(new Uint8Array(0), ONE, many, FLAGS.P2SH | FLAGS.WITNESS)!)).toMatchObject({
      success: false,
      error: SCRIPT_ERRORS.indexOf('WITNESS_UNEXPECTED'),
    });
    expect(addon!.evaluate(ONE, many.slice(1), 0, 0)).toBeDefined();
  });
  it('addon-checker', () => {
    expect(call('evaluate', ONE, [], 0, 0, null, 5)).toThrow(new TypeError('checker must be an object, null or undefined'));
    expect(call('verifyScript', ONE, ONE, [], 0, 'x')).toThrow(TypeError);
  });
  it('addon-checker-throws', () => {
    // <sig> <pubkey> CHECKSIG with a checker that throws / returns garbage: the script fails, nothing escapes.
    const script = Uint8Array.of(0x01, 0x30, 0x21, ...new Uint8Array(33).fill(2), 0xac);
    const throwing = { checkEcdsaSignature: () => { throw new Error('boom'); } };
    // @ts-expect-error a partial checker on purpose: the addon calls only the method the script needs
    expect(res(addon!.evaluate(script, [], 0, 0, null, throwing))).toMatchObject({ success: false, error: 1 /* UNKNOWN_ERROR */ });
    const garbage = { checkEcdsaSignature: () => Symbol('x') };
    // @ts-expect-error a partial checker whose method returns a Symbol, on purpose: garbage from JavaScript
    expect(() => addon!.evaluate(script, [], 0, 0, null, garbage)).not.toThrow();
    const getterThrows = Object.defineProperty({}, 'checkEcdsaSignature', { get() { throw new Error('boom'); } });
    // @ts-expect-error a checker whose method is a throwing getter (typed {}), on purpose
    expect(res(addon!.evaluate(script, [], 0, 0, null, getterThrows))).toMatchObject({ success: false, error: 1 });
    // A checker that detaches its own arguments mid-call cannot reach the core's copy.
    const detaching = {
      checkEcdsaSignature: (sig: Uint8Array) => {
        structuredClone(sig.buffer, { transfer: [sig.buffer as ArrayBuffer] });
        return true;
      },
    };
    // @ts-expect-error a partial checker on purpose: the addon calls only the method the script needs
    expect(res(addon!.evaluate(script, [], 0, 0, null, detaching))).toMatchObject({ success: true, error: 0 });
  });
  it('addon-out', () => {
    expect(call('evaluate', ONE, [], 0, 0, null, null, [])).toThrow(new TypeError('out must be a Uint8Array, null or undefined'));
    expect(call('verifyScript', ONE, ONE, [], 0, null, new Uint16Array(64))).toThrow(TypeError);
    // Too small or detached: the result comes back in a new buffer instead.
    for (const out of [new Uint8Array(3), detached()]) {
      const r = addon!.evaluate(Uint8Array.of(0x52, 0x53, 0x93), [], 0, 0, null, null, out);
      expect(r).toBeInstanceOf(Uint8Array);
      expect(res(r).stack).toEqual([Uint8Array.of(5)]);
    }
    // A checker that detaches the output buffer mid-evaluation does not get it written.
    const out = new Uint8Array(256);
    const sneaky = { checkEcdsaSignature: () => (structuredClone(out.buffer, { transfer: [out.buffer] }), true) };
    const script = Uint8Array.of(0x01, 0x30, 0x21, ...new Uint8Array(33).fill(2), 0xac);
    // @ts-expect-error a partial checker on purpose: the addon calls only the method the script needs
    const r = addon!.evaluate(script, [], 0, 0, null, sneaky, out);
    expect(res(r)).toMatchObject({ success: true, error: 0 });
  });
  it('addon-packed-layout', () => {
    // verifyPacked(io): words [flags, refs, n, bare, n lengths] then the items' bytes, checked before anything runs.
    const io = (words: number[], bytes: number[] = [], size?: number) => {
      const u = new Uint8Array(size ?? 4 * words.length + bytes.length);
      new Uint32Array(u.buffer, 0, words.length).set(words);
      u.set(bytes, 4 * words.length);
      return u;
    };
    expect(call('verifyPacked', 'x')).toThrow(new TypeError('io must be a Uint8Array'));
    expect(call('verifyPacked')).toThrow(new TypeError('io must be a Uint8Array'));
    expect(call('verifyPacked', detached())).toThrow(new TypeError('io is a Uint8Array over a detached ArrayBuffer'));
    expect(call('verifyPacked', new Uint8Array(15))).toThrow(new RangeError('io is too short for its header'));
    expect(call('verifyPacked', io([0, 2, 2, 0, 0, 0]))).toThrow(new RangeError('io: refs must be 0 or 1'));
    expect(call('verifyPacked', io([0, 0, 1, 0, 0]))).toThrow(new RangeError('io: the item count must be at least 2 (scriptSig, scriptPubKey)'));
    expect(call('verifyPacked', io([0, 0, 0xffffffff, 0]))).toThrow(new RangeError('io is too short for its item count'));
    expect(call('verifyPacked', io([0, 0, 2, 0, 0, 2], [0x51]))).toThrow(new RangeError('io describes more bytes than it holds'));
    expect(call('verifyPacked', io([0, 0, 2, 0, 0xffffffff, 0xffffffff], [0x51]))).toThrow(new RangeError('io describes more bytes than it holds'));
    expect(call('verifyPacked', io([0, 0, 2, 0, 0, 1], [0x51]), 5)).toThrow(new TypeError('checker must be an object, null or undefined'));
    expect(call('verifyPacked', io([0, 0, 2, 0, 0, 1], [0x51]), null, {})).toThrow(new TypeError('taprootCommitment must be a function, null or undefined'));
    // More than 1000 witness items: answered (the layout still has to fit); declined with the bytes
    // of the bottom ones left out (the engine packs them whole).
    const big = io([0, 0, 1003, 0, ...new Array(1003).fill(0)]);
    expect(readNativeResult(addon!.verifyPacked(big)!, big)).toMatchObject({ success: false, error: SCRIPT_ERRORS.indexOf('EVAL_FALSE') });
    expect(addon!.verifyPacked(io([0, 1, 1003, 5, ...new Array(1003).fill(0)]))).toBeUndefined();
    // A well-formed layout runs: OP_1 with an empty scriptSig; the result overwrites io when it fits.
    const ok = io([0, 0, 2, 0, 0, 1], [0x51], 64);
    const n = addon!.verifyPacked(ok, null, null);
    expect(typeof n).toBe('number');
    expect(readNativeResult(n!, ok)).toEqual({ success: true, error: 0, opCount: 0, stack: [Uint8Array.of(1)], altstack: [] });
    // Too small for the result: it comes back in a new buffer.
    const tight = io([0, 0, 2, 0, 0, 1], [0x51]);
    expect(res(addon!.verifyPacked(tight))).toEqual({ success: true, error: 0, opCount: 0, stack: [Uint8Array.of(1)], altstack: [] });
  });
  // evaluatePacked(io): a float64 weight, words [sigVersion, flags, refs, hasWeight, n, bare, bareLengths, n lengths], then the items' bytes.
  const evaluateIo = (weight: number, words: number[], bytes: number[] = [], size?: number) => {
    const u = new Uint8Array(size ?? 8 + 4 * words.length + bytes.length);
    new Float64Array(u.buffer, 0, 1)[0] = weight;
    new Uint32Array(u.buffer, 8, words.length).set(words);
    u.set(bytes, 8 + 4 * words.length);
    return u;
  };
  it('addon-packed-evaluate-layout', () => {
    const io = evaluateIo;
    expect(call('evaluatePacked', [1])).toThrow(new TypeError('io must be a Uint8Array'));
    expect(call('evaluatePacked', detached())).toThrow(new TypeError('io is a Uint8Array over a detached ArrayBuffer'));
    expect(call('evaluatePacked', new Uint8Array(35))).toThrow(new RangeError('io is too short for its header'));
    expect(call('evaluatePacked', io(0, [2, 0, 0, 0, 1, 0, 1, 1], [0x51]))).toThrow(new RangeError('sigVersion must be 0 (base), 1 (witness_v0) or 3 (tapscript)'));
    expect(call('evaluatePacked', io(0, [0, 0, 3, 0, 1, 0, 1, 1], [0x51]))).toThrow(new RangeError('io: refs must be 0 or 1'));
    expect(call('evaluatePacked', io(0, [0, 0, 0, 2, 1, 0, 1, 1], [0x51]))).toThrow(new RangeError('io: has_weight must be 0 or 1'));
    for (const w of [0.5, NaN, 2 ** 60]) {
      expect(call('evaluatePacked', io(w, [3, 0, 0, 1, 1, 0, 1, 1], [0x51]))).toThrow(new RangeError('validationWeight must be a safe integer'));
    }
    expect(call('evaluatePacked', io(0, [0, 0, 0, 0, 0, 0, 1]))).toThrow(new RangeError('io: the item count must be at least 1 (the script)'));
    expect(call('evaluatePacked', io(0, [0, 0, 1, 0, 0xffffffff, 1, 1]))).toThrow(new RangeError('io is too short for its item count'));
    expect(call('evaluatePacked', io(0, [0, 0, 0, 0, 1, 0, 1, 2], [0x51]))).toThrow(new RangeError('io describes more bytes than it holds'));
    expect(call('evaluatePacked', io(0, [0, 0, 0, 0, 1, 0, 1, 1], [0x51]), 'x')).toThrow(new TypeError('checker must be an object, null or undefined'));
    // More than 1000 stack items: Core's answer (bsml_evaluate_large; an empty script on 1001 empty
    // items), but declined with bottom items left out (bare).
    const large = io(0, [0, 0, 0, 0, 1002, 0, 1, ...new Array(1002).fill(0)]);
    const answer = readNativeResult(addon!.evaluatePacked(large)!, large);
    expect(answer).toMatchObject({ success: false, error: SCRIPT_ERRORS.indexOf('EVAL_FALSE'), opCount: 0 });
    expect(answer.stack).toHaveLength(1001);
    expect(addon!.evaluatePacked(io(0, [0, 0, 1, 0, 1002, 1, 1, ...new Array(1002).fill(0)]))).toBeUndefined();
    // A well-formed layout runs: 2 3 ADD on an empty stack, tapscript with a weight; the result overwrites io when it fits.
    const ok = io(-5, [3, 0, 0, 1, 1, 0, 1, 3], [0x52, 0x53, 0x93], 64);
    const n = addon!.evaluatePacked(ok, null);
    expect(typeof n).toBe('number');
    expect(readNativeResult(n!, ok)).toEqual({ success: true, error: 0, opCount: 0, stack: [Uint8Array.of(5)], altstack: [] }); // no op count in tapscript
  });
  it('addon-packed-bare', () => {
    const io = evaluateIo;
    expect(call('evaluatePacked', io(0, [0, 0, 1, 0, 1, 1, 1]))).toThrow(new RangeError('io: bare must be less than the item count'));
    expect(call('evaluatePacked', io(0, [0, 0, 0, 0, 2, 1, 1]))).toThrow(new RangeError('io: bare items need refs'));
    expect(call('evaluatePacked', io(0, [0, 0, 1, 0, 2, 1, 2]))).toThrow(new RangeError('io: bareLengths must be 0 or 1'));
    expect(call('evaluatePacked', io(0, [1, 0, 1, 0, 2, 1, 0]))).toThrow(new RangeError('io: bare items without lengths need sigVersion 0 (base)'));
    // The bytes of bare items are not counted: 3 items, the middle one bare (its 5 bytes left out).
    expect(call('evaluatePacked', io(0, [0, 0, 1, 0, 3, 1, 1, 1, 5, 2], [0x51, 9]))).toThrow(new RangeError('io describes more bytes than it holds'));
    // Bare items: DEPTH over [a, b, c] with a and b left out (their bytes not in io) runs; the result's
    // first two stack items are inputs 1 and 2 (prefix words), then c (input 3), then the depth, 3.
    const depth = io(0, [0, 0, 1, 0, 4, 2, 1, 1, 7, 7, 1], [0x74, 0x01], 256);
    const r = addon!.evaluatePacked(depth, null) as number;
    const words = new Uint32Array(depth.buffer, 0, 9);
    expect([words[3], words[5], words[6]]).toEqual([4, 3, 1]); // 4 items, the first 3 are inputs 1, 2, 3
    const inputs = [Uint8Array.of(0x74), new Uint8Array(7), new Uint8Array(7).fill(1), Uint8Array.of(1)];
    const got = readNativeResult(r, depth, (k) => inputs[k]!);
    expect(got.stack.slice(0, 3).every((u, i) => u === inputs[i + 1])).toBe(true);
    expect(got).toMatchObject({ success: true, stack: [...inputs.slice(1), Uint8Array.of(3)] });
    // Without the lengths of the bare items (base only): the same.
    const noLengths = io(0, [0, 0, 1, 0, 4, 2, 0, 1, 0xffffffff, 0xffffffff, 1], [0x74, 0x01], 256);
    expect(readNativeResult(addon!.evaluatePacked(noLengths) as number, noLengths, (k) => inputs[k]!)).toEqual(got);
    // A script that reaches a bare item does not run: -k asks for the top k items' bytes (2DROP DROP: 3).
    expect(addon!.evaluatePacked(io(0, [0, 0, 1, 0, 4, 2, 1, 3, 7, 7, 1], [0x6d, 0x75, 0x51, 0x01], 256))).toBe(-3);
    // PICK with a computed depth: not bounded, the whole stack.
    expect(addon!.evaluatePacked(io(0, [0, 0, 1, 0, 4, 2, 1, 2, 7, 7, 1], [0x79, 0x51, 0x01], 256))).toBe(-3);
    // verifyPacked: words [flags, refs, n, bare, n lengths].
    const vio = (words: number[], bytes: number[] = [], size?: number) => {
      const u = new Uint8Array(size ?? 4 * words.length + bytes.length);
      new Uint32Array(u.buffer, 0, words.length).set(words);
      u.set(bytes, 4 * words.length);
      return u;
    };
    expect(call('verifyPacked', vio([0, 1, 3, 2, 0, 0, 0]))).toThrow(new RangeError('io: bare must be at most the witness item count'));
    expect(call('verifyPacked', vio([0, 0, 3, 1, 0, 0, 0]))).toThrow(new RangeError('io: bare items need refs'));
    // Bare witness items: a spend that may read them (P2SH, P2WPKH, the taproot key path, a deep
    // witness script) does not run, and -(witness item count) asks for all of them: here P2WPKH
    // (OP_0 <20 bytes>) under WITNESS (bit 11), 2 witness items, the bottom one bare.
    const p2wpkh = [0x00, 0x14, ...new Array(20).fill(1)];
    expect(addon!.verifyPacked(vio([1 << 11, 1, 4, 1, 0, 22, 3, 1], [...p2wpkh, 5], 128))).toBe(-2);
  });
  it('addon-big-input', () => {
    const big = new Uint8Array(64 * 1024 * 1024);
    expect(addon!.sha256(big)).toHaveLength(32);
    const r = addon!.evaluate(Uint8Array.of(0x82, 0x77), [big], 0, 0); // SIZE NIP: the size of a 64 MiB item
    expect(res(r).stack).toEqual([Uint8Array.of(0x00, 0x00, 0x00, 0x04)]);
  });
});
