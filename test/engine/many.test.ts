/**
 * evaluateMany / verifyScriptMany: result i equals the single call on case i, on both engines
 * (random cases from bsml/testing's arbitraries and Bitcoin Core's public vectors); bad arguments
 * give the typed errors; cases the native core declines are answered by TypeScript; checkers are
 * called in the same order as by a loop of single calls.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, evaluate, evaluateMany, verifyScript, verifyScriptMany, type VerifyCase } from '../../src/engine/index.js';
import { loadNative, loadNativeAddon } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { evalCase, flagSet, sigVersion } from '../../src/testing/index.js';
import type { SignatureChecker } from '../../src/vm/checker.js';
import { FLAGS } from '../../src/vm/flags.js';
import { parseVectors } from '../../src/vm/vectors.js';

const native = loadNative();
const engines = native ? (['ts', 'native'] as const) : (['ts'] as const);
const vectors = parseVectors(JSON.parse(readFileSync(new URL('../fixtures/script_tests.public.json', import.meta.url), 'utf8')));
const vectorCases: VerifyCase[] = vectors.map((c) => ({ scriptSig: c.scriptSig, scriptPubKey: c.scriptPubKey, witness: c.witness, flags: c.flags }));
const verdict = (r: { success: boolean; error: string; opCount: number }) => ({ success: r.success, error: r.error, opCount: r.opCount });

describe.each(engines)('many on the %s engine equals a loop of single calls', (engine) => {
  it('evaluateMany: random scripts and stacks (one shared script, and one script per stack)', () => {
    fc.assert(
      fc.property(fc.array(evalCase(), { minLength: 1, maxLength: 12 }), flagSet(), sigVersion(), (cases, flags, sv) => {
        const stacks = cases.map((c) => c.stack);
        const scripts = cases.map((c) => c.script);
        const loop = cases.map((c) => evaluate(c.script, c.stack, { flags, sigVersion: sv, engine }));
        expect(evaluateMany(scripts, stacks, { flags, sigVersion: sv, engine })).toEqual(loop);
        expect(evaluateMany(scripts, stacks, { flags, sigVersion: sv, engine, stacks: false })).toEqual(loop.map(verdict));
        const shared = cases.map((c) => evaluate(scripts[0]!, c.stack, { flags, sigVersion: sv, engine }));
        expect(evaluateMany(scripts[0]!, stacks, { flags, sigVersion: sv, engine })).toEqual(shared);
      }),
      { numRuns: 150 },
    );
  });

  it('verifyScriptMany: random spends (scriptPubKey, witness, per-case flags)', () => {
    const spend = fc.record({ c: evalCase(), sig: fc.uint8Array({ maxLength: 8 }), flags: flagSet() });
    fc.assert(
      fc.property(fc.array(spend, { minLength: 1, maxLength: 12 }), (xs) => {
        const cases: VerifyCase[] = xs.map(({ c, sig, flags }) => ({ scriptSig: sig, scriptPubKey: c.script, witness: c.stack, flags }));
        const loop = cases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, engine }));
        expect(verifyScriptMany(cases, { engine })).toEqual(loop);
        expect(verifyScriptMany(cases, { engine, stacks: false })).toEqual(loop.map(verdict));
      }),
      { numRuns: 150 },
    );
  });

  it("verifyScriptMany: Bitcoin Core's public vectors", () => {
    const loop = vectorCases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, engine }));
    const many = verifyScriptMany(vectorCases, { engine });
    expect(many).toEqual(loop);
    expect(many.filter((r, i) => (vectors[i]!.expected === 'OK') === r.success && r.error === vectors[i]!.expected).length).toBeGreaterThan(400);
    expect(verifyScriptMany([], { engine })).toEqual([]);
    expect(evaluateMany(new Uint8Array(0), [], { engine })).toEqual([]);
  });

  it('calls checkers in the order of the loop, including cases the native core declines', () => {
    // <sig> <pubkey> CHECKSIG: asks the checker; 1001 initial items: the native core declines.
    const script = parseCoreAsm('0x01 0x30 0x21 0x' + '02'.repeat(33) + ' CHECKSIG');
    const many = Array.from({ length: 1001 }, () => new Uint8Array(0));
    const stacks = [[], [Uint8Array.of(1)], many, [], many.slice(1), []];
    // One checker for every case, answering by call number: results depend on the call order.
    const counting = (): SignatureChecker => {
      let n = 0;
      return { checkEcdsaSignature: () => ++n % 2 === 0, checkSchnorrSignature: () => false, checkLockTime: () => false, checkSequence: () => false };
    };
    const first = counting();
    const loop = stacks.map((s) => evaluate(script, s, { checker: first, engine }));
    expect(evaluateMany(script, stacks, { checker: counting(), engine })).toEqual(loop);
    expect(loop.map((r) => r.success)).toEqual([false, true, false, false, false, true]);
    expect(loop[2]!.error).toBe('STACK_SIZE');
    if (engine === 'native') expect(native!.evaluate(script, many, {})).toBeUndefined(); // declined: TypeScript answers it
    const log: string[] = [];
    const tagged = (tag: string): SignatureChecker => ({
      checkEcdsaSignature: () => (log.push(tag), true),
      checkSchnorrSignature: () => false,
      checkLockTime: () => false,
      checkSequence: () => false,
    });
    const spk = script;
    const cases: VerifyCase[] = stacks.map((w, i) => ({ scriptSig: new Uint8Array(0), scriptPubKey: spk, witness: w, checker: tagged(`c${i}`) }));
    const single = cases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { witness: c.witness, checker: c.checker, engine }));
    const singleLog = log.splice(0);
    expect(verifyScriptMany(cases, { engine })).toEqual(single);
    expect(log).toEqual(singleLog);
    expect(singleLog.length).toBeGreaterThan(0);
  });

  it('lets an exception from a taproot key-path checker propagate, as the loop does', () => {
    const throwing = { checkSchnorrSignature: () => { throw new Error('key path'); } } as unknown as SignatureChecker;
    const spk = Uint8Array.of(0x51, 0x20, ...new Uint8Array(32).fill(3));
    const flags = FLAGS.WITNESS | FLAGS.TAPROOT;
    const ok: VerifyCase = { scriptSig: new Uint8Array(0), scriptPubKey: Uint8Array.of(0x51) };
    const bad: VerifyCase = { scriptSig: new Uint8Array(0), scriptPubKey: spk, witness: [new Uint8Array(64)], checker: throwing, flags };
    expect(() => verifyScript(bad.scriptSig, bad.scriptPubKey, { ...bad, engine })).toThrow('key path');
    expect(() => verifyScriptMany([ok, bad, ok], { engine })).toThrow('key path');
    // A TypeError from the checker: the single native call falls back to TypeScript, which throws it too.
    const typeErr = { checkSchnorrSignature: () => { throw new TypeError('typed'); } } as unknown as SignatureChecker;
    expect(() => verifyScriptMany([ok, { ...bad, checker: typeErr }], { engine })).toThrow(new TypeError('typed'));
  });
});

describe('many: bad arguments', () => {
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
  it('gives ArgumentError naming the argument, before any case runs', () => {
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
  it('refuses layouts that do not fit the data, without crashing', () => {
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
});
