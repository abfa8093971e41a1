/**
 * evaluateMany / verifyScriptMany: result i equals the single call on case i, on both engines
 * (random cases from bsml/testing's arbitraries and Bitcoin Core's public vectors); cases the
 * native core declines are answered by TypeScript; checkers are called in the same order as by a
 * loop of single calls. Bad arguments: test/errors/many.test.ts.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateMany, verifyScript, verifyScriptMany, type VerifyCase } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { evalCase, flagSet, sigVersion } from '../../src/testing/index.js';
import type { SignatureChecker } from '../../src/vm/checker.js';
import { FLAGS } from '../../src/vm/flags.js';
import { parseVectors } from '../../src/vm/vectors.js';
import { bytesEquality } from '../helpers/bytes-equality.js';

// Results hold whole stacks (1000 items in one case in six): compare their items in one step each.
expect.addEqualityTesters([bytesEquality]);

const native = loadNative();
const engines = native ? (['ts', 'native'] as const) : (['ts'] as const);
const vectors = parseVectors(readFileSync(new URL('../fixtures/script_tests.public.json', import.meta.url), 'utf8'));
const vectorCases: VerifyCase[] = vectors.map((c) => ({ scriptSig: c.scriptSig, scriptPubKey: c.scriptPubKey, witness: c.witness, flags: c.flags }));
const verdict = (r: { success: boolean; error: string; opCount: number }) => ({ success: r.success, error: r.error, opCount: r.opCount });

it('compares results as toEqual does with the byte-array tester registered above', () => {
  const r = (item: Uint8Array) => ({ success: true, stack: [Uint8Array.of(1), item] });
  expect(r(Uint8Array.of(2, 3))).toEqual(r(Uint8Array.of(2, 3)));
  expect(r(Uint8Array.of(2, 3))).not.toEqual(r(Uint8Array.of(2, 4)));
  expect(r(Uint8Array.of(2, 3))).not.toEqual(r(Uint8Array.of(2)));
  expect(r(Uint8Array.of(2, 3))).not.toEqual(r(Buffer.of(2, 3)));
  expect(r(Uint8Array.of(2, 3))).toEqual(r(expect.any(Uint8Array)));
});

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
    // <sig> <pubkey> CHECKSIG: asks the checker; 1001 initial items, packed without the bytes of the
    // items below the script's reach (none): evaluateMany's native run declines that case.
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
    // The single call packs all 1001 items, and the core answers (bsml_evaluate_large).
    if (engine === 'native') expect(native!.evaluate(script, many, {})).toEqual(evaluate(script, many, { engine: 'ts' }));
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

  it('a checker calling evaluateMany / verifyScriptMany again mid-call leaves the outer results as the loop', () => {
    // The outer call resumes on its packed chunk after the declined case (1001 items), after the
    // checker ran nested calls of the same shape with other bytes: its later cases must still be
    // read from its own layout.
    const ask = '0x01 0x30 0x21 0x' + '02'.repeat(33) + ' CHECKSIG';
    const script = parseCoreAsm(ask);
    const many = Array.from({ length: 1001 }, () => new Uint8Array(0));
    const stacksOf = (b: number) => [[Uint8Array.of(b)], [Uint8Array.of(b, 1)], many, [Uint8Array.of(b, 2)], [Uint8Array.of(b, 3), Uint8Array.of(b, 4, 4)]];
    const push = (b: number, n: number) => Uint8Array.of(2, b, n);
    const casesOf = (b: number, checker?: SignatureChecker): VerifyCase[] =>
      [1, 2, 0, 3, 4].map((n) => ({ scriptSig: push(b, n), scriptPubKey: script, witness: n === 0 ? many : [], checker }));
    const nested: unknown[] = [];
    const nesting = (): SignatureChecker => ({
      checkEcdsaSignature: () => {
        nested.push(evaluateMany(script, stacksOf(0xee), { engine }), verifyScriptMany(casesOf(0xee), { engine, stacks: false }));
        return true;
      },
      checkSchnorrSignature: () => false,
      checkLockTime: () => false,
      checkSequence: () => false,
    });
    const loop = stacksOf(0x0a).map((s) => evaluate(script, s, { checker: nesting(), engine }));
    const loopVerify = casesOf(0x0a, nesting()).map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { witness: c.witness, checker: c.checker, engine }));
    const loopNested = nested.splice(0);
    expect(evaluateMany(script, stacksOf(0x0a), { checker: nesting(), engine })).toEqual(loop);
    expect(verifyScriptMany(casesOf(0x0a, nesting()), { engine })).toEqual(loopVerify);
    expect(nested).toEqual(loopNested);
    expect(loop[3]!.stack[0]).toEqual(Uint8Array.of(0x0a, 2));
    expect(loopVerify[4]!.stack.slice(0, 1)).toEqual([Uint8Array.of(0x0a, 4)]);
    expect(loopNested.length).toBeGreaterThan(4);
  });

  it("returns the caller's own items where they pass through, as the TypeScript engine does", () => {
    const dup = parseCoreAsm('DUP');
    for (const n of [1, 40]) {
      const stack = Array.from({ length: n }, (_, i) => Uint8Array.of(i, 7));
      const r = evaluate(dup, stack, { engine });
      expect(r.stack.slice(0, n).every((x, i) => x === stack[i])).toBe(true);
      expect(r.stack[n]).toBe(stack[n - 1]);
      const [m] = evaluateMany(dup, [stack], { engine });
      expect(m!.stack[n]).toBe(stack[n - 1]);
    }
  });

  it('hands back the same caller arrays as the TypeScript engine after any shuffle of the stack', () => {
    // Stack shuffles only (no computed items): every result item is one of the caller's arrays,
    // in any order, some twice, some on the altstack; equal bytes in different arrays stay apart.
    const shuffle = fc.oneof(
      fc.constantFrom('SWAP', 'ROT', 'DUP', 'OVER', '2SWAP', '2ROT', '2DUP', '3DUP', 'NIP', 'TUCK', 'DROP', 'TOALTSTACK', 'FROMALTSTACK'),
      fc.tuple(fc.constantFrom('PICK', 'ROLL'), fc.nat({ max: 12 })).map(([op, k]) => `${k} ${op}`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 3 }).map((b) => b.map((x) => x | 1)), { minLength: 13, maxLength: 60 }),
        fc.array(shuffle, { maxLength: 40 }),
        (stack, ops) => {
          const script = parseCoreAsm(ops.join(' '));
          const ts = evaluate(script, stack, { engine: 'ts' });
          const r = evaluate(script, stack, { engine });
          const [m] = evaluateMany(script, [stack], { engine });
          for (const got of [r, m!]) {
            expect(got).toEqual(ts);
            expect(got.stack.every((x, i) => x === ts.stack[i])).toBe(true);
            expect(got.altstack.every((x, i) => x === ts.altstack[i])).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
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

/**
 * A checker is the caller's code running in the middle of a call: it may replace the items of the
 * caller's stacks, witnesses and script lists (or the arrays themselves). Every result must hold
 * the items its evaluation used, as the loop of single calls does (the TypeScript `evaluate`
 * copies the initial stack array; later replacements do not reach an earlier result).
 */
describe.each(engines)('a checker replacing the caller’s items mid-call, on the %s engine', (engine) => {
  const A = () => Uint8Array.of(0x0a, 0x0a);
  const B = () => Uint8Array.of(0x0b, 0x0b);
  const Z = Uint8Array.of(0xee, 0xee, 0xee);
  // X -> X X (sig) (pubkey) CHECKSIG DROP: the checker is asked once; the result stack is [X, X].
  const dupAsk = parseCoreAsm('DUP 0x01 0x30 0x21 0x' + '02'.repeat(33) + ' CHECKSIG DROP');
  // A checker that runs `act` on its n-th call (1-based) and always answers true.
  const acting = (n: number, act: () => void): SignatureChecker => {
    let calls = 0;
    return {
      checkEcdsaSignature: () => (++calls === n && act(), true),
      checkSchnorrSignature: () => false,
      checkLockTime: () => false,
      checkSequence: () => false,
    };
  };

  it('evaluateMany: replacing an earlier case’s item or stack array (shared script and a script per case)', () => {
    // 'bytes' changes the item itself: the loop's result holds that item, and so does the batch's.
    for (const perCase of [false, true]) {
      for (const replace of ['item', 'array', 'bytes'] as const) {
        const setup = () => {
          const stacks = [[A()], [B()]];
          const scripts = [dupAsk, dupAsk.slice()];
          const checker = acting(2, () => {
            if (replace === 'item') stacks[0]![0] = Z;
            else if (replace === 'array') stacks[0] = [Z];
            else stacks[0]![0]!.fill(0xee);
            scripts[0] = Z;
          });
          return { stacks, scripts, checker, first: stacks[0]![0]! };
        };
        const l = setup();
        const loop = l.stacks.map((s, i) => evaluate(perCase ? l.scripts[i]! : dupAsk, s, { checker: l.checker, engine }));
        const m = setup();
        const many = evaluateMany(perCase ? m.scripts : dupAsk, m.stacks, { checker: m.checker, engine });
        expect(loop[0]!.stack).toEqual(replace === 'bytes' ? [Uint8Array.of(0xee, 0xee), Uint8Array.of(0xee, 0xee)] : [A(), A()]);
        expect(many, `${replace}, ${perCase ? 'per-case scripts' : 'shared script'}`).toEqual(loop);
        expect(many[0]!.stack[0]).toBe(m.first);
      }
    }
  });

  it('evaluate: replacing the item of its own stack during the call', () => {
    for (const n of [1, 40]) {
      // n items: the single native call packs a long stack through the many path.
      const setup = () => {
        const stack = [...Array.from({ length: n - 1 }, () => B()), A()];
        const checker = acting(1, () => {
          stack[n - 1] = Z;
        });
        return { stack, checker, first: stack[n - 1]! };
      };
      const t = setup();
      const ts = evaluate(dupAsk, t.stack, { checker: t.checker, engine: 'ts' });
      const s = setup();
      const r = evaluate(dupAsk, s.stack, { checker: s.checker, engine });
      expect(ts.stack.slice(-2)).toEqual([A(), A()]);
      expect(r, `${n} items`).toEqual(ts);
      expect(r.stack[n]).toBe(s.first);
    }
  });

  it('verifyScriptMany and verifyScript: replacing a witness item (P2WSH)', () => {
    // Witness script DUP (sig) (pubkey) CHECKSIG DROP over the witness item X: it leaves [X, X],
    // so the spend fails with CLEANSTACK and the result is the witness script's stack.
    const ws = dupAsk;
    const spk = Uint8Array.of(0x00, 0x20, ...sha256(ws));
    const flags = FLAGS.P2SH | FLAGS.WITNESS;
    const X = () => Uint8Array.of(1);
    const setup = () => {
      const cases: VerifyCase[] = [
        { scriptSig: new Uint8Array(0), scriptPubKey: spk, witness: [X(), ws], flags },
        { scriptSig: new Uint8Array(0), scriptPubKey: spk, witness: [X(), ws], flags },
      ];
      const checker = acting(2, () => {
        (cases[0]!.witness as Uint8Array[])[0] = Z;
      });
      return { cases, checker, first: cases[0]!.witness![0]! };
    };
    const l = setup();
    const loop = l.cases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, checker: l.checker, engine }));
    expect(loop[0]!.error).toBe('CLEANSTACK');
    expect(loop[0]!.stack).toEqual([X(), X()]);
    const m = setup();
    const many = verifyScriptMany(m.cases, { checker: m.checker, engine });
    expect(many).toEqual(loop);
    expect(many[0]!.stack[0]).toBe(m.first);
    // The single call, the checker replacing the item of its own case.
    const one = () => {
      const witness = [X(), ws];
      return { witness, first: witness[0]!, checker: acting(1, () => (witness[0] = Z)) };
    };
    const t = one();
    const ts = verifyScript(new Uint8Array(0), spk, { flags, witness: t.witness, checker: t.checker, engine: 'ts' });
    const s = one();
    const r = verifyScript(new Uint8Array(0), spk, { flags, witness: s.witness, checker: s.checker, engine });
    expect(r).toEqual(ts);
    expect(r.stack[0]).toBe(s.first);
  });
});
