/**
 * Every engine answers with the same result object: the same keys (success, error, stack, altstack,
 * opCount, and trace only when a trace was asked for), none of them undefined, equal under
 * toStrictEqual (which, unlike toEqual, tells a `trace: undefined` key from no key), on every path
 * of verifyScript (legacy, P2SH, P2WSH, P2WPKH, taproot key and script path; passing and failing)
 * and evaluate (base, witness_v0, tapscript), one at a time and through the many-case calls.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { evaluate, evaluateMany, verifyScript, verifyScriptMany, type EngineName } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { concatBytes } from '../../src/script/bytes.js';
import { pushDataBytes } from '../../src/script/script.js';
import { FLAGS } from '../../src/vm/flags.js';
import type { EvalResult } from '../../src/vm/verify.js';

const KEYS = ['success', 'error', 'stack', 'altstack', 'opCount'];
const ALL = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT | FLAGS.CLEANSTACK;
const pushes = (...items: Uint8Array[]) => concatBytes(...items.map(pushDataBytes));
const b = (...x: number[]) => Uint8Array.from(x);

const sums = parseCoreAsm('ADD 5 EQUAL');
const p2sh = concatBytes(b(0xa9), pushDataBytes(ripemd160(sha256(sums))), b(0x87));
const p2wsh = concatBytes(b(0x00), pushDataBytes(sha256(sums)));
const p2wpkh = concatBytes(b(0x00), pushDataBytes(new Uint8Array(20).fill(9)));
const tap = buildTaprootOutput({ tree: { script: sums } });
const control = tap.leaves[0]!.controlBlock;

interface Spend {
  name: string;
  scriptSig: Uint8Array;
  scriptPubKey: Uint8Array;
  witness?: Uint8Array[];
  flags?: number;
}
const spends: Spend[] = [
  { name: 'legacy, passing', scriptSig: pushes(b(2), b(3)), scriptPubKey: sums },
  { name: 'legacy, failing', scriptSig: pushes(b(2), b(4)), scriptPubKey: sums },
  { name: 'legacy, failing in scriptSig', scriptSig: b(0x6a), scriptPubKey: sums },
  { name: 'P2SH, passing', scriptSig: pushes(b(2), b(3), sums), scriptPubKey: p2sh, flags: FLAGS.P2SH },
  { name: 'P2SH, failing redeem script', scriptSig: pushes(b(2), b(2), sums), scriptPubKey: p2sh, flags: FLAGS.P2SH },
  { name: 'P2WSH, passing', scriptSig: b(), scriptPubKey: p2wsh, witness: [b(2), b(3), sums], flags: ALL },
  { name: 'P2WSH, failing', scriptSig: b(), scriptPubKey: p2wsh, witness: [b(1), b(3), sums], flags: ALL },
  { name: 'P2WSH, program mismatch', scriptSig: b(), scriptPubKey: p2wsh, witness: [b(2), b(3), b(0x51)], flags: ALL },
  { name: 'P2WSH, witness item over 520 bytes', scriptSig: b(), scriptPubKey: p2wsh, witness: [new Uint8Array(521), b(3), sums], flags: ALL },
  { name: 'P2SH-P2WSH, passing', scriptSig: pushes(p2wsh), scriptPubKey: concatBytes(b(0xa9), pushDataBytes(ripemd160(sha256(p2wsh))), b(0x87)), witness: [b(2), b(3), sums], flags: ALL },
  { name: 'P2WPKH, no signature checker', scriptSig: b(), scriptPubKey: p2wpkh, witness: [new Uint8Array(71), new Uint8Array(33).fill(2)], flags: ALL },
  { name: 'taproot key path, no signature checker', scriptSig: b(), scriptPubKey: tap.scriptPubKey, witness: [new Uint8Array(64)], flags: ALL },
  { name: 'taproot script path, passing', scriptSig: b(), scriptPubKey: tap.scriptPubKey, witness: [b(2), b(3), sums, control], flags: ALL },
  { name: 'taproot script path, failing', scriptSig: b(), scriptPubKey: tap.scriptPubKey, witness: [b(2), b(2), sums, control], flags: ALL },
  { name: 'taproot, bad control block', scriptSig: b(), scriptPubKey: tap.scriptPubKey, witness: [b(2), b(3), sums, control.subarray(0, 30)], flags: ALL },
  { name: 'witness unexpected', scriptSig: pushes(b(2), b(3)), scriptPubKey: sums, witness: [b(1)], flags: ALL },
];

/** The shape every result must have: exactly these keys, none undefined. */
function expectPlain(r: EvalResult, what: string): void {
  expect(Object.keys(r), what).toEqual(KEYS);
  for (const [k, v] of Object.entries(r)) expect(v, `${what}: ${k}`).not.toBe(undefined);
}

const engines: EngineName[] = loadNative() ? ['ts', 'native'] : ['ts'];

describe('result shapes', () => {
  it('the spends pass and fail as meant (so the shapes below cover both)', () => {
    const errors = spends.map((s) => verifyScript(s.scriptSig, s.scriptPubKey, { flags: s.flags, witness: s.witness, engine: 'ts' }).error);
    expect(errors).toEqual([
      'OK', 'EVAL_FALSE', 'OP_RETURN', 'OK', 'EVAL_FALSE', 'OK', 'EVAL_FALSE', 'WITNESS_PROGRAM_MISMATCH', 'PUSH_SIZE',
      'OK', 'EQUALVERIFY', 'OK', 'OK', 'EVAL_FALSE', 'TAPROOT_WRONG_CONTROL_SIZE', 'WITNESS_UNEXPECTED',
    ]);
  });

  it.each(engines)('verifyScript on engine %s: the five keys, none undefined, on every path', (engine) => {
    for (const s of spends) expectPlain(verifyScript(s.scriptSig, s.scriptPubKey, { flags: s.flags, witness: s.witness, engine }), s.name);
  });

  it.each(engines)('evaluate on engine %s: the five keys without a trace, six with one (ts)', (engine) => {
    for (const sigVersion of ['base', 'witness_v0', 'tapscript'] as const) {
      for (const stack of [[b(2), b(3)], [b(2), b(2)], [new Uint8Array(521), b(3)]]) {
        expectPlain(evaluate(sums, stack, { sigVersion, engine }), `${sigVersion} ${stack.length}`);
      }
      expectPlain(evaluate(b(0x50), [], { sigVersion, engine }), `${sigVersion} RESERVED`);
    }
    const traced = evaluate(sums, [b(2), b(3)], { trace: true, engine, sigVersion: 'witness_v0' });
    expect(Object.keys(traced)).toEqual([...KEYS, 'trace']);
    expect(traced.trace!.length).toBe(3);
  });

  it.skipIf(engines.length < 2)('native results are strictly equal to TypeScript results (toStrictEqual), one at a time and many at once', () => {
    for (const s of spends) {
      const o = { flags: s.flags, witness: s.witness };
      expect(verifyScript(s.scriptSig, s.scriptPubKey, { ...o, engine: 'native' }), s.name).toStrictEqual(verifyScript(s.scriptSig, s.scriptPubKey, { ...o, engine: 'ts' }));
    }
    const cases = spends.map((s) => ({ scriptSig: s.scriptSig, scriptPubKey: s.scriptPubKey, witness: s.witness, flags: s.flags }));
    const many = verifyScriptMany(cases, { engine: 'native' });
    expect(many).toStrictEqual(verifyScriptMany(cases, { engine: 'ts' }));
    expect(many).toStrictEqual(cases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, engine: 'ts' })));
    for (const sigVersion of ['base', 'witness_v0', 'tapscript'] as const) {
      const stacks = [[b(2), b(3)], [b(2), b(2)], [b(1)], []];
      expect(evaluateMany(sums, stacks, { sigVersion, engine: 'native' }), sigVersion).toStrictEqual(evaluateMany(sums, stacks, { sigVersion, engine: 'ts' }));
      for (const st of stacks) expect(evaluate(sums, st, { sigVersion, engine: 'native' })).toStrictEqual(evaluate(sums, st, { sigVersion, engine: 'ts' }));
    }
  });
});
