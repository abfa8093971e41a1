/**
 * Witnesses of more than 1,000 items (1,001–1,100) on the native engine equal the TypeScript
 * engine, answered by the core itself (bsml_verify_script; the addon no longer falls back): every
 * spend kind (P2WSH native and P2SH-wrapped, P2WPKH, the taproot script path with and without an
 * annex, other leaf versions, a wrong control block or commitment, other witness versions, no
 * witness program) with and without the flags that decide them. Core checks what a spend reads
 * from the top of the witness first, then runs a P2WSH script on the rest as on an initial stack of
 * that size (its first instruction on all of them), and stops a tapscript on more than 1,000 items
 * (STACK_SIZE) after its OP_SUCCESS pre-scan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { verifyScript, verifyScriptMany } from '../../src/engine/index.js';
import { loadNative, loadNativeAddon, type NativeAddon } from '../../src/engine/native.js';
import { verifyManyNative, type NativeManyAddon } from '../../src/engine/native-many.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import type { SignatureChecker } from '../../src/vm/checker.js';
import { flagSet } from '../../src/testing/index.js';
import { FLAGS } from '../../src/vm/flags.js';
import { expectSameIdentity } from '../helpers/same-identity.js';

const native = loadNative();
const addon = loadNativeAddon() as (NativeAddon & NativeManyAddon) | undefined;
const empty = new Uint8Array(0);

// n items from a seed (cheaper than 1,000 arbitraries): short numbers, empty items, 0x81, longer
// bytes, and (rarely) one over 520 bytes.
function generated(n: number, seed: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const x = Math.imul(seed ^ (i + 1), 0x9e3779b1) >>> 0;
    const len = x % 9 === 0 ? 0 : x % 13 === 1 ? 40 : x % 4001 === 7 ? 521 : 1 + (x % 3);
    return Uint8Array.from({ length: len }, (_, j) => (x >>> (8 * (j % 4))) & (j === 0 && x % 17 === 2 ? 0x81 : 0xff));
  });
}

const hash160 = (b: Uint8Array): Uint8Array => ripemd160(sha256(b));
const KINDS = ['p2wsh', 'p2sh-p2wsh', 'p2wpkh', 'p2sh-p2wpkh', 'tapscript', 'tapscript-annex', 'leaf-c2', 'bad-control', 'wrong-commitment',
  'v2', 'anchor', 'bare'] as const;
type Kind = (typeof KINDS)[number];

/** The scriptSig, scriptPubKey and witness of a spend of kind `kind` whose witness ends with `script` (where it has one) above `stack`. */
function spend(kind: Kind, script: Uint8Array, stack: Uint8Array[]): { sig: Uint8Array; spk: Uint8Array; witness: Uint8Array[] } {
  const wsh = Uint8Array.of(0x00, 0x20, ...sha256(script));
  const wpkh = Uint8Array.of(0x00, 0x14, ...hash160(script));
  const p2sh = (redeem: Uint8Array) => ({ sig: Uint8Array.of(redeem.length, ...redeem), spk: Uint8Array.of(0xa9, 0x14, ...hash160(redeem), 0x87) });
  switch (kind) {
    case 'p2wsh': return { sig: empty, spk: wsh, witness: [...stack, script] };
    case 'p2sh-p2wsh': return { ...p2sh(wsh), witness: [...stack, script] };
    case 'p2wpkh': return { sig: empty, spk: wpkh, witness: [...stack, script] };
    case 'p2sh-p2wpkh': return { ...p2sh(wpkh), witness: [...stack, script] };
    case 'v2': return { sig: empty, spk: Uint8Array.of(0x52, 0x20, ...sha256(script)), witness: [...stack, script] };
    case 'anchor': return { sig: empty, spk: Uint8Array.of(0x51, 0x02, 0x4e, 0x73), witness: [...stack, script] };
    case 'bare': return { sig: empty, spk: parseCoreAsm('1'), witness: [...stack, script] };
    default: {
      const out = buildTaprootOutput({ tree: { script, leafVersion: kind === 'leaf-c2' ? 0xc2 : 0xc0 } });
      const control = out.leaves[0]!.controlBlock;
      if (kind === 'bad-control') return { sig: empty, spk: out.scriptPubKey, witness: [...stack, script, Uint8Array.of(...control, 0)] };
      const spk = kind === 'wrong-commitment' ? buildTaprootOutput({ tree: { script: parseCoreAsm('1') } }).scriptPubKey : out.scriptPubKey;
      return { sig: empty, spk, witness: [...stack, script, control, ...(kind === 'tapscript-annex' ? [Uint8Array.of(0x50, 7)] : [])] };
    }
  }
}

// First instructions that pop (back to 1,000 items), push, count or reach deep, open a branch; a
// tapscript OP_SUCCESS (RESERVED, 0x50); then a short rest.
const FIRST = ['DROP', '2DROP', 'NIP', 'DEPTH', 'PICK', 'ROLL', 'IF', 'VERIFY', 'CHECKMULTISIG', 'CHECKSIGVERIFY', 'DUP', 'NOP', 'ENDIF',
  '0', 'RETURN', 'CAT', 'RESERVED', ''];
const REST = ['', '1', 'DROP 1', '2DROP 2DROP DEPTH', 'DEPTH 1000 NUMEQUAL', 'CODESEPARATOR 1', 'ENDIF', 'ELSE 1 ENDIF'];
const WITNESS_FLAGS = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT;

describe.skipIf(!native || !addon)('more than 1,000 witness items: native (bsml_verify_script) equals TypeScript', () => {
  const kase = fc.record({
    kind: fc.constantFrom(...KINDS),
    n: fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 1001, max: 1004 }) }, { weight: 1, arbitrary: fc.integer({ min: 1005, max: 1100 }) }),
    seed: fc.integer(),
    // The top item: as generated, a depth (PICK / ROLL), or 1.
    top: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 1101 }).map(encodeScriptNum), fc.constant(Uint8Array.of(1))),
    first: fc.constantFrom(...FIRST),
    rest: fc.constantFrom(...REST),
    // With and without the flags that decide a spend (witness, taproot, P2SH, the discouragements).
    flags: fc.oneof(flagSet(), flagSet().map((f) => f | WITNESS_FLAGS)),
  });

  it('every spend kind, with and without its flags: the core answers, as the TypeScript engine', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(kase, ({ kind, n, seed, top, first, rest, flags }) => {
        const script = parseCoreAsm(`${first} ${rest}`.trim());
        const extra = kind.startsWith('tapscript') || kind === 'leaf-c2' || kind === 'wrong-commitment' ? (kind === 'tapscript-annex' ? 3 : 2) : 1;
        const stack = generated(n - extra, seed);
        if (top) stack[stack.length - 1] = top;
        const { sig, spk, witness } = spend(kind, script, stack);
        expect(witness.length).toBeGreaterThan(1000);
        const ts = verifyScript(sig, spk, { flags, witness, engine: 'ts' });
        const nat = native!.verifyScript(sig, spk, { flags, witness }, true);
        expect(nat, 'the native engine declined').toBeDefined();
        expect(nat).toEqual(ts);
        expectSameIdentity(ts, nat!, witness);
        expect(verifyScript(sig, spk, { flags, witness, engine: 'native' })).toEqual(ts);
        seen.add(ts.error);
      }),
      { numRuns: 300 },
    );
    // The spends reached their scripts and the checks before them.
    for (const e of ['STACK_SIZE', 'WITNESS_PROGRAM_MISMATCH', 'TAPROOT_WRONG_CONTROL_SIZE', 'WITNESS_UNEXPECTED', 'OK']) expect(seen).toContain(e);
  }, 180_000);

  it('verifyScriptMany and the many-case door answer them natively, checker calls in order', () => {
    const stack = generated(1001, 5).map((b) => (b.length > 520 ? b.subarray(0, 2) : b));
    stack[1000] = Uint8Array.of(1);
    const log: unknown[][] = [];
    const checker: SignatureChecker = {
      checkEcdsaSignature: (s, pk, code, sv) => (log.push([s, pk, code, sv]), true),
      checkSchnorrSignature: (s) => (log.push([s]), s.length > 0),
      checkLockTime: () => false,
      checkSequence: () => false,
    };
    const cases = [
      // CHECKSIGVERIFY on 1,002 items leaves 1,000: the rest runs (the checker was called).
      { ...spend('p2wsh', parseCoreAsm('CHECKSIGVERIFY 2DROP DEPTH'), stack.concat([Uint8Array.of(2)])), flags: WITNESS_FLAGS, checker },
      { ...spend('p2wsh', parseCoreAsm('DROP'), stack), flags: WITNESS_FLAGS, checker },
      { ...spend('tapscript', parseCoreAsm('CHECKSIG'), stack), flags: WITNESS_FLAGS, checker },
      { ...spend('tapscript-annex', parseCoreAsm('RESERVED'), stack), flags: WITNESS_FLAGS, checker },
      { ...spend('p2wpkh', parseCoreAsm('1'), stack.slice(0, 1)), flags: WITNESS_FLAGS, checker },
    ].map(({ sig, spk, witness, flags, checker: c }) => ({ scriptSig: sig, scriptPubKey: spk, witness, flags, checker: c }));
    const ts = cases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { ...c, engine: 'ts' }));
    const tsLog = log.splice(0);
    expect(tsLog.length).toBeGreaterThan(0);
    const many = verifyScriptMany(cases, { engine: 'native' });
    expect(many).toEqual(ts);
    expect(log.splice(0)).toEqual(tsLog);
    many.forEach((r, i) => expectSameIdentity(ts[i]!, r, cases[i]!.witness));
    // The many-case door itself (whole cases in one crossing): no case falls back.
    const fellBack: number[] = [];
    expect(verifyManyNative(addon!, cases, false, (i) => (fellBack.push(i), ts[i]!))).toEqual(ts);
    expect(fellBack).toEqual([]);
    expect(log.splice(0)).toEqual(tsLog);
    expect(ts[1]!.error).toBe('CLEANSTACK');
    expect(ts[2]!.error).toBe('STACK_SIZE');
    expect(ts[3]!.success).toBe(true);
  });
});
