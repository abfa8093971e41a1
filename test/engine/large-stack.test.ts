/**
 * Large initial stacks (up to the 1000-item limit, and beyond it: the core's bsml_evaluate_large)
 * on the native engine equal the TypeScript engine: success, error, stack, altstack, op count, and which result items are the caller's own
 * Uint8Arrays. Above 16 items the native door packs only the bytes of the items the script can
 * reach (the core's bsml_stack_reach; the core's bsml_evaluate_top declines a script that reaches
 * further), so these properties check that analysis on random scripts: an item it wrongly leaves
 * out reads as empty / zero bytes on the native side and the results differ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { evaluate, evaluateMany, verifyScript } from '../../src/engine/index.js';
import { loadNative, loadNativeAddon } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import type { SignatureChecker } from '../../src/vm/checker.js';
import { assemble, evalCase, flagSet, itemKind, program, sigVersion } from '../../src/testing/index.js';
import { FLAGS } from '../../src/vm/flags.js';
import type { EvalResult, EvaluateOptions } from '../../src/vm/verify.js';
import { expectSameIdentity } from '../helpers/same-identity.js';

const native = loadNative();
const addon = loadNativeAddon();
const SV = { base: 0, witness_v0: 1, tapscript: 3 } as const;

// Random items: mostly short (numbers, empty, booleans) with random bytes, some longer; the bytes of
// neighbouring items differ, so reading the wrong one (or a left-out one) shows.
const item = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 4 }) },
  { weight: 3, arbitrary: fc.uint8Array({ minLength: 5, maxLength: 80 }) },
  { weight: 1, arbitrary: fc.constantFrom(new Uint8Array(0), Uint8Array.of(1), Uint8Array.of(0x81), new Uint8Array(520).fill(7)) },
);
const largeStack = fc.array(item, { minLength: 17, maxLength: 1000 });

// Sometimes a PICK or ROLL of a pushed depth anywhere in the stack first (a reach up to the bottom,
// and right at the edge of the items the native door packs), then the script.
const deep = fc.option(fc.tuple(fc.nat(), fc.constantFrom('PICK', 'ROLL')), { nil: undefined });
function withDeep(d: [number, string] | undefined, depth: number, script: Uint8Array): Uint8Array {
  if (!d || depth === 0) return script;
  return Uint8Array.of(...parseCoreAsm(`${d[0] % depth} ${d[1]}`), ...script);
}

/**
 * The TypeScript engine's result, once the native engine itself (not a fallback: no trace, and
 * every item a Uint8Array) has answered the same, the caller's own items included.
 */
function expectNativeAnswer(script: Uint8Array, stack: readonly Uint8Array[], opts: EvaluateOptions): EvalResult {
  const ts = evaluate(script, stack, { ...opts, engine: 'ts' });
  const nat = native!.evaluate(script, stack, opts, true);
  expect(nat).toBeDefined();
  expect(nat).toEqual(ts);
  expectSameIdentity(ts, nat!, stack);
  return ts;
}

describe.skipIf(!native || !addon)('large stacks: native equals TypeScript', () => {
  it('the stack reach of small scripts (the bound that decides what is packed)', () => {
    const reach = (asm: string, sv = 0) => addon!.stackReach!(parseCoreAsm(asm), sv, 0);
    expect(reach('DEPTH DROP')).toBe(1);
    expect(reach('2DUP DROP DROP')).toBe(2);
    expect(reach('DROP DROP DROP')).toBe(4); // 3 popped, then the truth of the 4th
    expect(reach('5 PICK')).toBe(6); // the number (pushed), then the 6th item below it
    expect(reach('5 ROLL 1')).toBe(6);
    expect(reach('PICK')).toBe(Infinity);
    expect(reach('1 2 ADD PICK')).toBe(Infinity);
    expect(reach('IF DROP ELSE 2DROP ENDIF')).toBe(4);
    expect(reach('IF 2DROP ELSE ELSE DROP ENDIF')).toBe(5); // the true way runs both outer runs
    expect(reach('CHECKMULTISIG')).toBe(Infinity);
    expect(reach('CHECKMULTISIG', 3)).toBe(1); // fails in tapscript before touching the stack
    expect(reach('ENDIF')).toBe(Infinity);
    expect(reach('')).toBe(1);
  });

  it('evaluate: random structured scripts (assembled for the stack), flags and sigversions', () => {
    const kase = fc.record({ p: program(16), stack: largeStack, flags: flagSet(), sv: sigVersion(), d: deep });
    let lazy = 0;
    fc.assert(
      fc.property(kase, ({ p, stack, flags, sv, d }) => {
        const script = withDeep(d, stack.length, assemble(p, stack.map(itemKind)));
        const opts = { flags, sigVersion: sv };
        const ts = expectNativeAnswer(script, stack, opts);
        // Again with the same script object (the packed depth is remembered) and a copy of it.
        expect(native!.evaluate(script, stack, opts, true)).toEqual(ts);
        expect(evaluate(script.slice(), stack, { ...opts, engine: 'native' })).toEqual(ts);
        if (addon!.stackReach!(script, SV[sv], flags) < stack.length) lazy++;
      }),
      { numRuns: 300 },
    );
    // The property ran the left-out path often (it is not all fallbacks to whole stacks).
    expect(lazy).toBeGreaterThan(100);
  });

  it('evaluate: random scripts of every kind of the fuzz cases, on a large stack', () => {
    fc.assert(
      fc.property(evalCase(), largeStack, (c, stack) => {
        const opts = { flags: c.flags, sigVersion: c.sigVersion };
        const ts = evaluate(c.script, stack, { ...opts, engine: 'ts' });
        const nat = evaluate(c.script, stack, { ...opts, engine: 'native' });
        expect(nat).toEqual(ts);
        expectSameIdentity(ts, nat, stack);
      }),
      { numRuns: 200 },
    );
  });

  it('evaluateMany: a shared script over large stacks (full results and verdicts)', () => {
    const kase = fc.record({ p: program(12), stacks: fc.array(largeStack, { minLength: 1, maxLength: 4 }), flags: flagSet(), sv: sigVersion() });
    fc.assert(
      fc.property(kase, ({ p, stacks, flags, sv }) => {
        const script = assemble(p, stacks[0]!.map(itemKind));
        const opts = { flags, sigVersion: sv };
        const ts = stacks.map((s) => evaluate(script, s, { ...opts, engine: 'ts' }));
        const many = evaluateMany(script, stacks, { ...opts, engine: 'native' });
        expect(many).toEqual(ts);
        many.forEach((r, i) => expectSameIdentity(ts[i]!, r, stacks[i]!));
        expect(evaluateMany(script, stacks, { ...opts, engine: 'native', stacks: false })).toEqual(
          ts.map((r) => ({ success: r.success, error: r.error, opCount: r.opCount })),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('verifyScript: P2WSH and taproot script-path spends of random witness scripts over large witnesses', () => {
    const WITNESS = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT;
    const kase = fc.record({ p: program(16), stack: fc.array(item, { minLength: 17, maxLength: 997 }), flags: flagSet(), taproot: fc.boolean(), annex: fc.boolean(), d: deep });
    fc.assert(
      fc.property(kase, ({ p, stack, flags, taproot, annex, d }) => {
        const script = withDeep(d, stack.length, assemble(p, stack.map(itemKind)));
        const f = flags | WITNESS;
        let spk: Uint8Array;
        let witness: Uint8Array[];
        if (taproot) {
          const out = buildTaprootOutput({ tree: { script } });
          spk = out.scriptPubKey;
          witness = [...stack, script, out.leaves[0]!.controlBlock, ...(annex ? [Uint8Array.of(0x50, 1, 2)] : [])];
        } else {
          spk = Uint8Array.of(0x00, 0x20, ...sha256(script));
          witness = [...stack, script];
        }
        const empty = new Uint8Array(0);
        const ts = verifyScript(empty, spk, { flags: f, witness, engine: 'ts' });
        const nat = native!.verifyScript(empty, spk, { flags: f, witness });
        expect(nat).toBeDefined();
        expect(nat).toEqual(ts);
        expectSameIdentity(ts, nat!, witness);
        expect(native!.verifyScript(empty, spk, { flags: f, witness })).toEqual(ts);
      }),
      { numRuns: 150 },
    );
  });

  it('verifyScript with a large witness that the spend never reaches, or reads whole: P2SH, P2WPKH, key path, failures before it', () => {
    const stack = Array.from({ length: 600 }, (_, i) => Uint8Array.of(i & 0xff, 1));
    const f = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT;
    const wsh = parseCoreAsm('DEPTH DROP');
    const spends: [Uint8Array, Uint8Array][] = [
      [new Uint8Array(0), Uint8Array.of(0x00, 0x20, ...sha256(wsh))], // P2WSH
      [Uint8Array.of(0x6a), Uint8Array.of(0x00, 0x20, ...sha256(wsh))], // scriptSig fails (OP_RETURN) before the witness
      [new Uint8Array(0), Uint8Array.of(0x00, 0x14, ...new Uint8Array(20))], // P2WPKH: reads the witness
      [new Uint8Array(0), parseCoreAsm('1')], // no witness program: WITNESS_UNEXPECTED
      [new Uint8Array(0), Uint8Array.of(0x52, 0x02, 1, 2)], // another witness version: not read
      [new Uint8Array(0), Uint8Array.of(0xa9, 0x14, ...new Uint8Array(20), 0x87)], // P2SH
      [new Uint8Array(0), buildTaprootOutput().scriptPubKey], // taproot key path (2 items with an annex)
    ];
    for (const [sig, spk] of spends) {
      for (const witness of [[...stack, wsh], [...stack.slice(0, 1), Uint8Array.of(0x50)]]) {
        const ts = verifyScript(sig, spk, { flags: f, witness, engine: 'ts' });
        const nat = verifyScript(sig, spk, { flags: f, witness, engine: 'native' });
        expect(nat).toEqual(ts);
        expectSameIdentity(ts, nat, witness);
      }
    }
  });

  it('a stack passed through comes back as the caller\'s own items, in bulk', () => {
    const stack = Array.from({ length: 999 }, (_, i) => new Uint8Array(20).fill((i % 255) + 1));
    for (const sv of ['base', 'witness_v0', 'tapscript'] as const) {
      const script = parseCoreAsm('DEPTH DROP');
      const nat = evaluate(script, stack, { sigVersion: sv, engine: 'native' });
      expect(nat).toEqual(evaluate(script, stack, { sigVersion: sv, engine: 'ts' }));
      expect(nat.stack.slice(0, 999).every((u, i) => u === stack[i])).toBe(true);
      expect(nat.stack).toHaveLength(999);
    }
  });
});

describe.skipIf(!native || !addon)('more than 1,000 initial items: native (bsml_evaluate_large) equals TypeScript', () => {
  // Core runs the first instruction on the whole stack and the rest of the script only when it
  // leaves at most 1,000 items: first instructions that pop (back to 1,000), push, count or reach
  // below the top 1,000 items (DEPTH, PICK, ROLL), open a branch (IF / NOTIF on 1,001 items), then
  // random script bytes.
  const FIRST = ['DROP', '2DROP', 'NIP', 'DEPTH', 'PICK', 'ROLL', 'IF', 'NOTIF', 'VERIFY', 'EQUALVERIFY', 'NUMEQUALVERIFY', 'WITHIN', 'ADD',
    'CHECKMULTISIG', 'CHECKMULTISIGVERIFY', 'CHECKSIGVERIFY', 'DUP', 'TOALTSTACK', 'NOP', 'ELSE', 'ENDIF', '0', 'RETURN'];
  // The top items: as generated, or a depth (PICK / ROLL) anywhere up to past the bottom, or a
  // CHECKMULTISIG of up to 20 keys and no signatures (it pops up to 23 items).
  const top = fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: -2, max: 1046 }).map((d) => [encodeScriptNum(d)]),
    fc.integer({ min: 0, max: 20 }).map((k) => [new Uint8Array(0), new Uint8Array(0), ...Array.from({ length: k }, () => Uint8Array.of(2)), encodeScriptNum(k)]),
  );
  // n items made from a seed (cheaper than 1,000 arbitraries): short numbers, empty items, 0x81,
  // longer bytes; mostly 1,001 or 1,002 items, where one or two pops let the rest of the script run.
  const size = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(1001, 1002) }, { weight: 1, arbitrary: fc.integer({ min: 1003, max: 1044 }) });
  const generatedStack = fc.tuple(size, fc.integer()).map(([n, seed]) =>
    Array.from({ length: n }, (_, i) => {
      const x = Math.imul(seed ^ (i + 1), 0x9e3779b1) >>> 0;
      const len = x % 9 === 0 ? 0 : x % 13 === 1 ? 40 : 1 + (x % 3);
      return Uint8Array.from({ length: len }, (_, j) => (x >>> (8 * (j % 4))) & (j === 0 && x % 17 === 2 ? 0x81 : 0xff));
    }),
  );
  const kase = fc.record({
    stack: generatedStack,
    top,
    first: fc.constantFrom(...FIRST),
    // The rest: a structured program (assembled for the stack) or random bytes.
    rest: fc.oneof(program(8), fc.uint8Array({ maxLength: 24 })),
    flags: flagSet(),
    sv: sigVersion(),
  });

  it('evaluate: first instructions that pop, push, count or reach deep, then random scripts', () => {
    let continued = 0;
    fc.assert(
      fc.property(kase, ({ stack: generated, top, first, rest, flags, sv }) => {
        const stack = top ? [...generated.slice(top.length), ...top] : generated;
        const head = parseCoreAsm(first);
        const script = Uint8Array.of(...head, ...(rest instanceof Uint8Array ? rest : assemble(rest, stack.map(itemKind))));
        const opts = { flags, sigVersion: sv };
        // The native engine itself answers (no fallback), through the door and the engine API.
        const ts = expectNativeAnswer(script, stack, opts);
        expect(evaluate(script, stack, { ...opts, engine: 'native' })).toEqual(ts);
        // Whether the first instruction left at most 1,000 items (the rest of the script ran).
        const alone = evaluate(head, stack, { ...opts, engine: 'ts' });
        if (alone.stack.length + alone.altstack.length <= 1000) continued++;
      }),
      { numRuns: 100 },
    );
    // The rest of the script ran in some of the cases: about one in seven (146 of 1,000 runs
    // measured), so more than 12 of 100, the earlier bound, failed about one run in four by chance;
    // more than 2 fails by chance about once in 40,000 runs and still fails when none continue.
    expect(continued).toBeGreaterThan(2);
  }, 180_000);

  it('evaluateMany without left-out items, and the checker called as by the TypeScript engine', () => {
    const stack = Array.from({ length: 1002 }, (_, i) => Uint8Array.of(i & 0xff, i >> 8));
    stack[1000] = Uint8Array.of(0x30, 1);
    stack[1001] = Uint8Array.of(2);
    const log: unknown[][] = [];
    const checker: SignatureChecker = {
      checkEcdsaSignature: (sig, pk, code, sv) => (log.push([sig, pk, code, sv]), true),
      checkSchnorrSignature: () => false,
      checkLockTime: () => false,
      checkSequence: () => false,
    };
    // CHECKSIGVERIFY leaves 1,000 items: the rest runs, and the checker saw the whole script.
    for (const asm of ['CHECKSIGVERIFY DROP 1', 'CHECKSIGVERIFY CODESEPARATOR DUP DROP', 'CHECKSIG', 'CHECKSIGVERIFY IF 2DROP ENDIF']) {
      const script = parseCoreAsm(asm);
      for (const sv of ['base', 'witness_v0'] as const) {
        const ts = evaluate(script, stack, { sigVersion: sv, checker, engine: 'ts' });
        const tsLog = log.splice(0);
        const nat = native!.evaluate(script, stack, { sigVersion: sv, checker }, true);
        expect(nat).toEqual(ts);
        expect(log.splice(0)).toEqual(tsLog);
        expect(tsLog).toHaveLength(1);
      }
    }
    // evaluateMany with no shared script packs whole stacks: the core answers the large one.
    const scripts = [parseCoreAsm('DROP'), parseCoreAsm('2DROP DEPTH'), parseCoreAsm('DEPTH')];
    const stacks = [stack, stack.slice(1), stack];
    const many = evaluateMany(scripts, stacks, { engine: 'native' });
    expect(many).toEqual(scripts.map((sc, i) => evaluate(sc, stacks[i]!, { engine: 'ts' })));
  });
});
