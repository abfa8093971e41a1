/** docs/errors.md: bad arguments of evaluateMany / verifyScriptMany, and of the addon's many-case entry points. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, evaluateMany, verifyScriptMany } from '../../src/engine/index.js';
import { loadNativeAddon } from '../../src/engine/native.js';

const native = loadNativeAddon();

describe('evaluateMany / verifyScriptMany: bad arguments', () => {
  const ONE = Uint8Array.of(0x51);
  const bad = (f: () => unknown, message: RegExp) => {
    let e: unknown;
    try {
      f();
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ArgumentError);
    expect((e as ArgumentError).code).toBe('BAD_ARGUMENT');
    expect((e as Error).message).toMatch(message);
  };
  it('api-many', () => {
    const M = evaluateMany as (...a: unknown[]) => unknown;
    const V = verifyScriptMany as (...a: unknown[]) => unknown;
    bad(() => M('51', [[]]), /^evaluateMany: script must be a Uint8Array/);
    bad(() => M(ONE, 'x'), /^evaluateMany: stacks must be an Array/);
    bad(() => M(ONE, [[], [ONE, 'x']]), /^evaluateMany: stacks\[1\]\[1\] must be a Uint8Array/);
    bad(() => M([ONE], [[], []]), /^evaluateMany: scripts has 1 entries but stacks has 2/);
    bad(() => M([ONE, 5], [[], []]), /^evaluateMany: scripts\[1\] must be a Uint8Array/);
    bad(() => M(ONE, [[]], { sigVersion: 'taproot' }), /options.sigVersion/);
    bad(() => M(ONE, [[]], { flags: -1 }), /options.flags/);
    bad(() => M(ONE, [[]], { stacks: 'no' }), /options.stacks must be a boolean/);
    bad(() => V('x'), /^verifyScriptMany: cases must be an Array/);
    bad(() => V([null]), /^verifyScriptMany: cases\[0\] must be an object/);
    bad(() => V([{ scriptSig: ONE, scriptPubKey: ONE }, { scriptSig: ONE }]), /^verifyScriptMany: cases\[1\]\.scriptPubKey must be a Uint8Array/);
    bad(() => V([{ scriptSig: ONE, scriptPubKey: ONE, witness: [7] }]), /cases\[0\]\.witness\[0\] must be a Uint8Array/);
    bad(() => V([{ scriptSig: ONE, scriptPubKey: ONE, flags: 0.5 }]), /cases\[0\]\.flags must be an integer/);
    bad(() => V([{ scriptSig: ONE, scriptPubKey: ONE }], { checker: 5 }), /options.checker must be a SignatureChecker/);
    const detached = new Uint8Array(new ArrayBuffer(4));
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    bad(() => V([{ scriptSig: detached, scriptPubKey: ONE }]), /cases\[0\]\.scriptSig is a Uint8Array over a detached ArrayBuffer/);
  });
});

describe.skipIf(!native)('native many addon entry points: hostile layouts', () => {
  it('addon-many-layout', () => {
    const addon = loadNativeAddon() as unknown as Record<string, (...x: unknown[]) => unknown>;
    const data = new Uint8Array(4);
    expect(() => addon.verifyMany!(data, Uint32Array.of(1, 0, 0, 3, 3), null, null, false)).toThrow(RangeError);
    expect(() => addon.verifyMany!(data, Uint32Array.of(2, 0, 0, 1, 1), null, null, false)).toThrow(RangeError);
    expect(() => addon.verifyMany!(data, Uint32Array.of(1, 0, 0xffffffff, 1, 1), null, null, false)).toThrow(RangeError);
    expect(() => addon.evaluateMany!(null, data, Uint32Array.of(1, 0xffffffff), 0, 0, null, null, false)).toThrow(RangeError);
    expect(() => addon.evaluateMany!(null, data, Uint32Array.of(1, 1, 2, 3), 0, 0, null, null, false)).toThrow(RangeError);
    expect(() => addon.evaluateMany!(null, data, new Uint8Array(4), 0, 0, null, null, false)).toThrow(TypeError);
    expect(() => addon.evaluateMany!(null, 'x', Uint32Array.of(0), 0, 0, null, null, false)).toThrow(TypeError);
    expect(() => addon.evaluateMany!(null, data, Uint32Array.of(0), 2, 0, null, null, false)).toThrow(RangeError);
    expect(() => addon.evaluateMany!(null, data, Uint32Array.of(1, 0), 0, 0, null, null, false, 5, 1, 0)).toThrow(RangeError);
    expect(() => addon.verifyMany!(data, Uint32Array.of(1, 0, 0, 1, 1), [7], null, false)).toThrow(TypeError);
    // A well-formed layout runs: OP_1 with an empty scriptSig.
    const ok = addon.verifyMany!(Uint8Array.of(0x51), Uint32Array.of(1, 0, 0, 0, 1), null, null, true) as Uint8Array;
    expect(Array.from(new Uint32Array(ok.buffer, 0, 8))).toEqual([1, 0, 5, 1, 3, 1, 0, 0]);
  });
  it('addon-stack-reach', () => {
    const addon = loadNativeAddon() as unknown as Record<string, (...x: unknown[]) => unknown>;
    const data = new Uint8Array(4);
    // `top` (items below a case's top `top` left out): only with a shared script, never below its reach.
    expect(() => addon.evaluateMany!(null, data, Uint32Array.of(0), 0, 0, null, null, false, undefined, undefined, undefined, null, 1)).toThrow(
      new RangeError('top needs a shared script'),
    );
    const twoDrop = Uint8Array.of(0x6d); // 2DROP: reaches 3 items (2 popped, then the truth of the third)
    expect(() => addon.evaluateMany!(twoDrop, data, Uint32Array.of(0), 0, 0, null, null, false, undefined, undefined, undefined, null, 2)).toThrow(
      new RangeError("top is less than the script's stack reach"),
    );
    expect(() => addon.evaluateMany!(twoDrop, data, Uint32Array.of(0), 0, 0, null, null, false, undefined, undefined, undefined, null, -1)).toThrow(RangeError);
    // A well-formed `top` layout, base: a case of 5 items, only the top 3's lengths and bytes (2, 1, 1).
    const lazy = addon.evaluateMany!(twoDrop, Uint8Array.of(7, 7, 1, 1), Uint32Array.of(1, 5, 2, 1, 1), 0, 0, null, null, false, undefined, undefined, undefined, null, 3) as Uint8Array;
    // [done 1, stop 0, metaPos, dataPos, W] then the case: success, error, opCount, 3 items, 0 alt, the first 3 are inputs 1, 2, 3.
    expect(Array.from(new Uint32Array(lazy.buffer, 0, 12))).toEqual([1, 0, 5, 4, 7, 1, 0, 1, 3, 0, 3, 1]);
    expect(() => addon.stackReach!('x', 0, 0)).toThrow(TypeError);
    expect(() => addon.stackReach!(twoDrop, 2, 0)).toThrow(RangeError);
    expect(() => addon.stackReach!(twoDrop, 0, -1)).toThrow(RangeError);
    expect(addon.stackReach!(twoDrop, 0, 0)).toBe(3);
  });
  it('addon-many-out: results go into `out` when it is large enough, else into a new Uint8Array', () => {
    const addon = loadNativeAddon() as unknown as Record<string, (...x: unknown[]) => unknown>;
    const detached = () => {
      const d = new Uint8Array(64);
      structuredClone(d.buffer, { transfer: [d.buffer] });
      return d;
    };
    // verifyMany: two cases, OP_1 as scriptPubKey with an empty scriptSig; evaluateMany: OP_1 over two empty stacks.
    const data = Uint8Array.of(0x51, 0x51);
    const meta = Uint32Array.of(2, 0, 0, 0, 1, 0, 0, 0, 1);
    const calls = [
      (verdicts: boolean, out?: unknown) => addon.verifyMany!(data, meta, null, null, verdicts, undefined, undefined, undefined, out),
      (verdicts: boolean, out?: unknown) => addon.evaluateMany!(Uint8Array.of(0x51), new Uint8Array(0), Uint32Array.of(2, 0, 0), 0, 0, null, null, verdicts, undefined, undefined, undefined, out),
    ];
    for (const call of calls) {
      for (const verdicts of [true, false]) {
        const fresh = call(verdicts) as Uint8Array;
        expect(fresh).toBeInstanceOf(Uint8Array);
        const out = new Uint8Array(fresh.length + 8).fill(0xaa);
        const n = call(verdicts, out);
        expect(n).toBe(fresh.length);
        expect(out.subarray(0, fresh.length)).toEqual(fresh);
        expect(out.subarray(fresh.length)).toEqual(new Uint8Array(8).fill(0xaa)); // nothing written past the result
        for (const small of [new Uint8Array(fresh.length - 1), detached(), null]) expect(call(verdicts, small)).toEqual(fresh);
      }
      expect(() => call(true, 'x')).toThrow(new TypeError('out must be a Uint8Array, null or undefined'));
      expect(() => call(true, new Uint32Array(64))).toThrow(TypeError);
    }
    // A checker that detaches `out` mid-run: the result comes back in a new Uint8Array.
    const asks = Uint8Array.of(0x01, 0x30, 0x21, ...new Uint8Array(33).fill(2), 0xac);
    const out = new Uint8Array(256);
    const checker = {
      checkEcdsaSignature: () => (structuredClone(out.buffer, { transfer: [out.buffer] }), true),
      checkSchnorrSignature: () => false,
      checkLockTime: () => false,
      checkSequence: () => false,
    };
    const r = addon.evaluateMany!(asks, new Uint8Array(0), Uint32Array.of(1, 0), 0, 0, null, checker, true, undefined, undefined, undefined, out) as Uint8Array;
    expect(out.length).toBe(0);
    expect(Array.from(new Uint32Array(r.buffer, 0, 8))).toEqual([1, 0, 2, 0, 3, 1, 0, 1]);
  });
  it('random layouts, positions and data never crash the addon: a result or a TypeError / RangeError', () => {
    const addon = loadNativeAddon() as unknown as Record<string, (...x: unknown[]) => unknown>;
    // Small numbers make layouts that partly fit; a few huge ones probe overflow.
    const word = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(0x7fffffff, 0x80000000, 0xffffffff), fc.nat());
    const args = fc.record({
      meta: fc.array(word, { maxLength: 24 }),
      data: fc.uint8Array({ maxLength: 40 }),
      pos: fc.option(fc.tuple(word, word, word), { nil: undefined }),
      shared: fc.boolean(),
      verdicts: fc.boolean(),
      out: fc.option(fc.nat({ max: 80 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(args, ({ meta, data, pos, shared, verdicts, out }) => {
        const m = Uint32Array.from(meta);
        const p = [...(pos ?? [undefined, undefined, undefined]), out === undefined ? undefined : new Uint8Array(out)];
        for (const call of [
          () => addon.evaluateMany!(shared ? Uint8Array.of(0x51) : null, data, m, 0, 0, null, null, verdicts, ...p),
          () => addon.verifyMany!(data, m, null, null, verdicts, ...p),
        ]) {
          try {
            const r = call();
            if (typeof r === 'number') expect(r).toBeLessThanOrEqual(out!);
            else expect(r).toBeInstanceOf(Uint8Array);
          } catch (e) {
            if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
