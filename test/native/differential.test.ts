/**
 * The native engine against the TypeScript reference on random scripts: same success, error,
 * stack, altstack and op count. (The full fuzzing suite lives in test/testing; this is the
 * native engine's own smoke check, aimed at its data structures: views vs inline items, the two
 * stack areas, the altstack growing down, FindAndDelete in place.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { pushData } from '../../src/script/script.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import type { SignatureChecker } from '../../src/vm/checker.js';
import { ALL_FLAGS, FLAGS } from '../../src/vm/flags.js';
import { spendParts, taprootParts } from '../../src/testing/spends.js';
import { evaluate, verifyScript } from '../../src/vm/verify.js';

const native = loadNative();

const edgeNums = [0, 1, -1, 2, 16, 17, 127, 128, -128, 255, 256, 2 ** 31 - 1, -(2 ** 31 - 1), 2 ** 32, 2 ** 39 - 1];
const item = fc.oneof(
  fc.constantFrom(...edgeNums).map((n) => encodeScriptNum(n)),
  fc.uint8Array({ maxLength: 6 }),
  fc.constantFrom(Uint8Array.of(0x80), Uint8Array.of(0, 0x80), Uint8Array.of(1, 0), new Uint8Array(33).fill(2), new Uint8Array(521)),
);
const common = [0x00, 0x4f, 0x51, 0x52, 0x53, 0x60, 0x63, 0x64, 0x67, 0x68, 0x69, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72,
  0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x82, 0x87, 0x88, 0x8b, 0x8c, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94,
  0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
  0xb1, 0xb2, 0xba];
const basic = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...common).map((b) => Uint8Array.of(b)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => Uint8Array.of(b)) },
  { weight: 3, arbitrary: item.map((d) => pushData(d)) },
  { weight: 1, arbitrary: fc.constantFrom(Uint8Array.of(0x4c, 0x02, 0x01), Uint8Array.of(0x4d, 0x01, 0x00, 0x07), Uint8Array.of(0x02, 0x01, 0x00)) },
);
const cat = (cs: Uint8Array[]) => Uint8Array.from(cs.flatMap((c) => [...c]));
// IF/NOTIF [ELSE] ENDIF around short runs, so both branches and their skipped opcodes are reached.
const conditional = fc
  .tuple(fc.constantFrom(0x63, 0x64), fc.array(basic, { maxLength: 3 }), fc.option(fc.array(basic, { maxLength: 3 })), fc.boolean())
  .map(([op, a, b, closed]) => cat([Uint8Array.of(op), ...a, ...(b ? [Uint8Array.of(0x67), ...b] : []), closed ? Uint8Array.of(0x68) : new Uint8Array(0)]));
const chunk = fc.oneof({ weight: 4, arbitrary: basic }, { weight: 1, arbitrary: conditional });
const script = fc.array(chunk, { maxLength: 24 }).map((cs) => {
  const out = new Uint8Array(cs.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of cs) (out.set(c, o), (o += c.length));
  return out;
});
const flags = fc.oneof(fc.integer({ min: 0, max: ALL_FLAGS }), fc.constant(0), fc.constant(ALL_FLAGS));

describe.skipIf(!native)('native engine = TypeScript engine on random scripts', () => {
  it('evaluate (all sigversions)', () => {
    fc.assert(
      fc.property(script, fc.array(item, { maxLength: 6 }), fc.constantFrom('base', 'witness_v0', 'tapscript'), flags, (s, stack, sigVersion, f) => {
        const opts = { sigVersion: sigVersion as 'base', flags: f };
        expect(native!.evaluate(s, stack, opts)).toEqual(evaluate(s, stack, opts));
      }),
      { numRuns: 2000 },
    );
  });

  it('verifyScript (P2SH, witness v0 shapes)', () => {
    const spk = fc.oneof(script, script.map((s) => Uint8Array.of(0x00, 0x20, ...new Uint8Array(32).fill(s.length))), fc.constant(Uint8Array.of(0x00, 0x14, ...new Uint8Array(20))),
      fc.constant(Uint8Array.of(0x52, 0x02, 0x4e, 0x73)), fc.constant(Uint8Array.of(0xa9, 0x14, ...new Uint8Array(20), 0x87)));
    fc.assert(
      fc.property(script, spk, fc.array(item, { maxLength: 4 }), flags, (sig, pk, witness, f) => {
        const opts = { flags: f, witness };
        const n = native!.verifyScript(sig, pk, opts);
        if (n) expect(n).toEqual(verifyScript(sig, pk, opts));
      }),
      { numRuns: 1000 },
    );
  });

  it('verifyScript (spends that reach the redeem / witness script: P2SH, P2WSH, P2SH-P2WSH, P2WPKH)', () => {
    const spends = spendParts({ script, item, shapes: ['p2sh', 'p2wsh', 'p2sh-p2wsh', 'p2wpkh'] });
    fc.assert(
      fc.property(spends, flags, ({ scriptSig: sig, scriptPubKey: pk, witness }, f) => {
        const opts = { flags: f, witness };
        const n = native!.verifyScript(sig, pk, opts);
        expect(n).toBeDefined();
        expect(n).toEqual(verifyScript(sig, pk, opts));
      }),
      { numRuns: 1500 },
    );
  });

  it('verifyScript (taproot: key path, script path with and without annex, bad control blocks, other leaf versions)', () => {
    const checker = (answer: true | false | 'SCHNORR_SIG'): SignatureChecker => ({
      checkEcdsaSignature: () => false,
      checkSchnorrSignature: (sig) => (sig.length === 64 ? answer : false),
      checkLockTime: () => false,
      checkSequence: () => false,
    });
    fc.assert(
      fc.property(
        taprootParts({ script, item, maxItems: 3 }),
        fc.constantFrom(true, false, 'SCHNORR_SIG' as const),
        flags.map((f) => f | FLAGS.WITNESS | FLAGS.P2SH),
        ({ scriptPubKey: spk, witness }, answer, f) => {
          const opts = { flags: f, witness, checker: checker(answer) };
          const n = native!.verifyScript(new Uint8Array(0), spk, opts);
          expect(n).toBeDefined();
          expect(n).toEqual(verifyScript(new Uint8Array(0), spk, opts));
        },
      ),
      { numRuns: 300 },
    );
  });

  // The native core runs a scriptSig and a (non-P2SH) scriptPubKey in one pass of its interpreter;
  // Long runs inside an unexecuted branch, which the native interpreter walks sixteen bytes at a
  // time: opcodes only stepped over or counted there, broken now and then by one Core still
  // examines (pushes, conditionals, OP_VERIF, disabled opcodes, OP_CODESEPARATOR), after up to 200
  // counted opcodes, so the 201-op limit falls anywhere in a run.
  it('evaluate (long unexecuted branches near the op limit)', () => {
    const passing = [0x4f, 0x50, 0x51, 0x60, 0x61, 0x62, 0x69, 0x76, 0x87, 0xa7, 0xac, 0xb0, 0xb9, 0xba, 0xbb, 0xfe, 0xff];
    const stopping = [[0x00], [0x01, 0x61], [0x4c, 0x01, 0x7e], [0x63], [0x64], [0x65], [0x67], [0x68], [0x7e], [0x95], [0xab]];
    const run = fc
      .array(fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...passing).map((b) => [b]) }, { weight: 1, arbitrary: fc.constantFrom(...stopping) }), {
        maxLength: 260,
      })
      .map((cs) => cs.flat());
    const program = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom([0x00, 0x63], [0x51, 0x64], [0x51, 0x63, 0x67]), run, fc.boolean())
      .map(([executed, open, body, closed]) => Uint8Array.from([...new Array(executed).fill(0x61), ...open, ...body, ...(closed ? [0x68, 0x51] : [])]));
    fc.assert(
      fc.property(program, fc.constantFrom('base', 'witness_v0', 'tapscript'), flags, (s, sigVersion, f) => {
        const opts = { sigVersion: sigVersion as 'base', flags: f };
        expect(native!.evaluate(s, [], opts)).toEqual(evaluate(s, [], opts));
      }),
      { numRuns: 1500 },
    );
  });

  // the scriptPubKey must still start as a new EvalScript: empty altstack, op count 0, no open
  // conditional, no code separator. A scriptSig that succeeds and leaves state behind, then a
  // scriptPubKey that reads it.
  it('verifyScript (the scriptPubKey starts afresh after a scriptSig that left an altstack, counts, separators)', () => {
    const nops = (n: number) => new Uint8Array(n).fill(0x61);
    const sigTail = fc.constantFrom(
      new Uint8Array(0), Uint8Array.of(0x6b), Uint8Array.of(0x6b, 0x6b), Uint8Array.of(0x76, 0x6b), nops(150), nops(201),
      Uint8Array.of(0xab), Uint8Array.of(0x51, 0x63), Uint8Array.of(0x00, 0x63, 0x61, 0x68), Uint8Array.of(0x6b, 0x51),
    );
    const spkHead = fc.constantFrom(
      new Uint8Array(0), Uint8Array.of(0x6c), Uint8Array.of(0x6c, 0x6c), Uint8Array.of(0x74), nops(60), nops(120),
      Uint8Array.of(0x68), Uint8Array.of(0x67), Uint8Array.of(0x51, 0x6b, 0x6c), Uint8Array.of(0xab),
    );
    const sig = fc.tuple(fc.array(item.map((d) => pushData(d)), { maxLength: 4 }), sigTail).map(([ps, tail]) => cat([...ps, tail]));
    const spk = fc.tuple(spkHead, script).map(([head, rest]) => cat([head, rest]));
    fc.assert(
      fc.property(sig, spk, flags, (s, pk, f) => {
        const opts = { flags: f };
        const n = native!.verifyScript(s, pk, opts);
        expect(n).toBeDefined();
        expect(n).toEqual(verifyScript(s, pk, opts));
      }),
      { numRuns: 1500 },
    );
  });
});
